/**
 * The only module that talks to Tauri. Everything else in the UI imports
 * from here, so the IPC surface stays in one place and is easy to mock.
 */
import { invoke as tauriInvoke, type InvokeArgs } from '@tauri-apps/api/core';

/**
 * Calls a Rust command and resolves with its result, typed as `T`.
 *
 * @param command name of the `#[tauri::command]` on the Rust side
 * @param args arguments, keyed by the command's parameter names (camelCase)
 */
export function invoke<T>(command: string, args?: InvokeArgs): Promise<T> {
  return tauriInvoke<T>(command, args);
}
