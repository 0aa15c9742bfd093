/** Whether the enclosing chart card shows its chart or its data as a table. */
import { createContext } from 'preact';

export const ChartTableView = createContext(false);
