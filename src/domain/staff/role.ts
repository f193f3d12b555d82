import type { StaffRole } from '../campaign/campaign.ts';

/** 役割 as staff read them (header, account pages, history). */
export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  admin: '管理者（政策担当課）',
  editor: '入力担当（所属）',
  viewer: '閲覧',
};
