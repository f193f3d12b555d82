/** 役割: what a staff account is; the access table (http/staff/access.ts) says what each may do. */
export const ROLES = ['admin', 'editor', 'viewer'] as const;

export type Role = (typeof ROLES)[number];

/** 役割 as staff read them (header, account pages, history, the CLI). */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: '管理者（政策担当課）',
  editor: '入力担当（所属）',
  viewer: '閲覧',
};
