/**
 * Makes `navigator.language` a valid BCP 47 tag before anything reads it.
 *
 * WebKitGTK reports the POSIX locale when LANG is `C` or `POSIX` (the default
 * on minimal Linux systems): `navigator.language === "C"`. uPlot passes that
 * to `Intl.NumberFormat` while its module loads, which throws, and the whole
 * page stays blank. main.tsx imports this module first.
 */
import { validLanguage } from './lib/locale';

const language = validLanguage(navigator.language);
if (language !== navigator.language) {
  Object.defineProperty(Navigator.prototype, 'language', { get: () => language, configurable: true });
}
