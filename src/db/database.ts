import type { Generated } from 'kysely';
import type { Role } from '../domain/staff/role.ts';

/** Stamps and optimistic-locking version shared by every table people edit. */
interface Editable {
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** bigint columns: numbers on both backends (connect.ts parses int8 as a number for node-postgres). */
type BigIntColumn = number;

export interface OrganisationTable extends Editable {
  id: Generated<BigIntColumn>;
  code: string;
  name: string;
}

export interface PlanTable extends Editable {
  id: Generated<BigIntColumn>;
  organisation_id: BigIntColumn;
  code: string;
  name: string;
  period_from: number;
  period_to: number;
  basic_goal: string;
  slogan: string | null;
  subtitle: string | null;
  report_fiscal_year: number;
  report_title: string;
  actuals_provisional: boolean;
}

export interface KpiValueTable extends Editable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  id: Generated<BigIntColumn>;
  plan_id: BigIntColumn;
  kpi: string;
  kind: 'baseline' | 'target' | 'actual';
  fiscal_year: number | null;
  as_of: string | null;
  value: string | null;
  missing: string | null;
  marker: string | null;
  percent: boolean;
  approximate: boolean;
  unit: string | null;
  relative: string | null;
  provisional: boolean | null;
  note: string | null;
}

export interface AnalysisTable extends Editable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  id: Generated<BigIntColumn>;
  plan_id: BigIntColumn;
  measure: string;
  fiscal_year: number;
  text: string | null;
}

export interface HistoryTable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  id: Generated<BigIntColumn>;
  plan_id: BigIntColumn | null;
  table_name: string;
  row_key: string;
  operation: 'insert' | 'update' | 'delete';
  column_name: string | null;
  old_value: string | null;
  new_value: string | null;
  actor: string;
  /** 代理入力: the departments acted for (所属コード separated by spaces), null otherwise */
  on_behalf_of: string | null;
  request_id: string | null;
  changed_at: Generated<Date>;
}

export interface UserTable extends Editable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  id: Generated<BigIntColumn>;
  login: string;
  name: string;
  role: Role;
  password_hash: string;
  must_change_password: Generated<boolean>;
  disabled: Generated<boolean>;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: BigIntColumn | null;
  email: Generated<string | null>;
}

export interface UserDepartmentTable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  user_id: BigIntColumn;
  department: string;
}

export type SessionStage = 'mfa' | 'enrol' | 'full';

export interface SessionTable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  id_hash: string;
  user_id: BigIntColumn;
  csrf_token: string;
  stage: SessionStage;
  created_at: Date;
  last_seen_at: Date;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Date;
  blocked_until: Date | null;
}

export type CycleState = 'preparing' | 'collecting' | 'reviewing' | 'published' | 'correcting';
export type AnswerState = 'not_started' | 'in_progress' | 'submitted' | 'returned' | 'approved';

export interface ReportingCycleTable extends Editable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  id: Generated<BigIntColumn>;
  plan_id: BigIntColumn;
  fiscal_year: number;
  state: CycleState;
  due_date: string | null;
  opening_document: string;
}

export interface DepartmentAnswerTable extends Editable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  id: Generated<BigIntColumn>;
  cycle_id: BigIntColumn;
  department: string;
  state: AnswerState;
  due_date: string | null;
  comment: string | null;
  last_changed_by: string | null;
}

export interface PublicationTable {
  /** the organisation the row belongs to (row-level security); filled from the transaction's organisation */
  organisation_id: Generated<BigIntColumn>;
  id: Generated<BigIntColumn>;
  plan_id: BigIntColumn;
  fiscal_year: number;
  revision: number;
  reason: string | null;
  document: string;
  changes: string;
  published_by: string;
  published_at: Generated<Date>;
  /** Errors and warnings of the consistency check at publication (null: published before the gate). */
  error_count: number | null;
  warning_count: number | null;
  /** JSON: the errors acknowledged; null when there were none. */
  acknowledged_errors: string | null;
  acknowledged_by: string | null;
}

export interface InvitationTable {
  organisation_id: Generated<BigIntColumn>;
  id: Generated<BigIntColumn>;
  token_hash: string;
  role: Role;
  /** 所属コード separated by spaces ('' for none) */
  departments: Generated<string>;
  note: string | null;
  created_by: string;
  created_at: Generated<Date>;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_login: string | null;
  /** the address the invitation was e-mailed to (null: shown to copy only) */
  mail_to: Generated<string | null>;
  /** when the mail server accepted the message (null with mail_to: it could not be sent) */
  mailed_at: Generated<Date | null>;
}

/**
 * The typed tables. The other plan tables (goals, measures, …) have the columns of
 * src/domain/tables/definitions.ts plus id, plan_id and the stamps; they are read and written generically.
 */
export interface Database {
  organisations: OrganisationTable;
  plans: PlanTable;
  kpi_values: KpiValueTable;
  analyses: AnalysisTable;
  history: HistoryTable;
  users: UserTable;
  user_departments: UserDepartmentTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  reporting_cycles: ReportingCycleTable;
  department_answers: DepartmentAnswerTable;
  publications: PublicationTable;
  invitations: InvitationTable;
}
