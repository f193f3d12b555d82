/**
 * A problem found in an imported (or refused export) file, located for staff the way a spreadsheet shows it:
 * the file or sheet, the row (header = row 1) and the column (header name; for xlsx also the letter, 「年度（C列）」).
 */
export interface FileIssue {
  readonly file: string;
  readonly row?: number;
  readonly column?: string;
  readonly message: string;
}

/** Readers stop collecting after this many issues: a wrong file would otherwise yield one per cell. */
export const MAX_ISSUES = 200;

/** Collects issues up to a cap; `full` tells a reader it may stop early. */
export class IssueList {
  readonly #items: FileIssue[] = [];
  #dropped = 0;

  constructor(readonly limit: number = MAX_ISSUES) {}

  add(issue: FileIssue): void {
    if (this.#items.length < this.limit) this.#items.push(issue);
    else this.#dropped += 1;
  }

  addAll(issues: readonly FileIssue[]): void {
    for (const issue of issues) this.add(issue);
  }

  get full(): boolean {
    return this.#items.length >= this.limit;
  }

  get empty(): boolean {
    return this.#items.length === 0;
  }

  /** The issues, with a closing note when some were left out. */
  list(): FileIssue[] {
    if (!this.full) return [...this.#items];
    return [
      ...this.#items,
      {
        file: '(全体)',
        message: `問題が多いため、最初の${this.limit}件だけを示しています。これらを直してから、もう一度読み込んでください。`,
      },
    ];
  }
}

/** The spreadsheet letter of a 1-based column number: 1 → A, 27 → AA, 16384 → XFD. */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** One line for a person, e.g. 「KPI値.csv 3行目 年度: 「abc」は整数として読み取れません」. */
export function formatFileIssue(issue: FileIssue): string {
  const where = [issue.file, issue.row === undefined ? '' : `${issue.row}行目`, issue.column ?? '']
    .filter((part) => part !== '')
    .join(' ');
  return `${where}: ${issue.message}`;
}
