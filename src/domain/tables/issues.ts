import type { TableName } from './definitions.ts';

/**
 * A problem in a set of plan tables that the dataset schema cannot see (a dangling parent, a duplicate key, a card
 * in a section that does not exist), located for staff: the table, the row (0-based index in that table's rows;
 * a sheet shows it as row + 2 below the header) and the column key, with a Japanese message.
 */
export interface TableIssue {
  readonly table: TableName;
  readonly row: number;
  readonly column?: string;
  readonly message: string;
}
