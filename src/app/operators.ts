// 運営者 accounts: the people who run the service sign in to its console (/service/) with a password and a second
// factor. Created, listed, disabled and reset from the server's command line (`shinchoku operator`), which stands
// for whoever runs the server; an operator changes their own password and enrols their second factor in the
// console. Everything here is on the owner's handle: the application role cannot read these tables.
import type { Kysely } from 'kysely';
import { generateInitialPassword, hashPassword, verifyPassword } from '../auth/password-hash.ts';
import { passwordProblems } from '../auth/password-policy.ts';
import { generateTotpSecret } from '../auth/totp.ts';
import type { Database } from '../db/database.ts';
import {
  deleteOperatorSessions,
  findOperatorById,
  findOperatorByLogin,
  findOperatorPasswordHash,
  findOperatorTotp,
  insertOperator,
  listOperatorRows,
  type Operator,
  setOperatorDisabled,
  setOperatorPassword,
  setOperatorPendingTotp,
} from '../db/repositories/operator-account.repository.ts';
import { Refusal } from './workspace.ts';

export type { Operator };

/** Where operator accounts live: the owner's handle (never an organisation's scoped one). */
export interface OperatorWorkspace {
  readonly db: Kysely<Database>;
}

const LOGIN = /^[A-Za-z0-9._-]{2,64}$/;

/** A new operator's fields, every problem by field (`login`, `name`). */
function readNewOperator(input: { login: string; name: string }): { login: string; name: string } {
  const login = input.login.trim();
  const name = input.name.trim();
  const problems: { path: string; message: string }[] = [];
  if (!LOGIN.test(login)) {
    problems.push({
      path: 'login',
      message: `ログインID「${input.login}」は使えません。半角英数字と . _ - で2〜64文字にしてください。`,
    });
  }
  if ([...name].length < 1 || [...name].length > 100)
    problems.push({ path: 'name', message: '氏名は1〜100文字で指定してください。' });
  if (problems.length > 0) throw new Refusal('invalid', '運営者アカウントを作成できません。', problems);
  return { login, name };
}

/** Creates an operator with a one-time password, to be changed at the first sign-in. */
export async function addOperator(
  ws: OperatorWorkspace,
  input: { login: string; name: string },
): Promise<{ operator: Operator; oneTimePassword: string }> {
  const fields = readNewOperator(input);
  const oneTimePassword = generateInitialPassword();
  const operator = await insertOperator(ws.db, {
    ...fields,
    passwordHash: await hashPassword(oneTimePassword),
  });
  if (operator === undefined) {
    throw new Refusal('conflict', '運営者アカウントを作成できません。', [
      { path: 'login', message: `ログインID「${fields.login}」は既に使われています。` },
    ]);
  }
  return { operator, oneTimePassword };
}

export const listOperators = (ws: OperatorWorkspace): Promise<Operator[]> => listOperatorRows(ws.db);

async function existingOperator(ws: OperatorWorkspace, login: string): Promise<Operator> {
  const operator = await findOperatorByLogin(ws.db, login);
  if (operator === undefined) {
    throw new Refusal('not_found', `ログインID「${login}」の運営者アカウントはありません。`, [
      { path: 'login', message: 'shinchoku operator list で登録されているアカウントを確かめてください。' },
    ]);
  }
  return operator;
}

/** Disables (ending every session in the same transaction) or enables an operator. */
export async function setOperatorEnabled(
  ws: OperatorWorkspace,
  login: string,
  enabled: boolean,
): Promise<Operator> {
  return ws.db.transaction().execute(async (trx) => {
    const operator = await existingOperator({ db: trx }, login);
    await setOperatorDisabled(trx, operator.id, !enabled);
    if (!enabled) await deleteOperatorSessions(trx, operator.id);
    return { ...operator, disabled: !enabled };
  });
}

/**
 * A new one-time password for an operator who lost theirs: to be changed at the next sign-in; every session ends.
 * The second factor stays as it is.
 */
export async function resetOperatorPassword(
  ws: OperatorWorkspace,
  login: string,
): Promise<{ operator: Operator; oneTimePassword: string }> {
  const oneTimePassword = generateInitialPassword();
  const hash = await hashPassword(oneTimePassword);
  return ws.db.transaction().execute(async (trx) => {
    const operator = await existingOperator({ db: trx }, login);
    await setOperatorPassword(trx, operator.id, hash, true);
    await deleteOperatorSessions(trx, operator.id);
    return { operator, oneTimePassword };
  });
}

/** A signed-in operator's account, refused when it has gone or been disabled meanwhile. */
async function ownAccount(ws: OperatorWorkspace, operatorId: number): Promise<Operator> {
  const operator = await findOperatorById(ws.db, operatorId);
  if (operator === undefined || operator.disabled)
    throw new Refusal('forbidden', 'このアカウントは使えません。');
  return operator;
}

/**
 * Changes the operator's own password with the staff's password rules (auth/password-policy.ts); refuses with every
 * problem by field (`current`, `new`, `confirm`). Every other session of the operator ends.
 */
export async function changeOperatorPassword(
  ws: OperatorWorkspace,
  operatorId: number,
  change: { current: string; next: string; confirm: string; keepSessionHash: string },
): Promise<void> {
  const operator = await ownAccount(ws, operatorId);
  const problems: { path: string; message: string }[] = [];
  const hash = await findOperatorPasswordHash(ws.db, operator.id);
  if (hash === undefined || !(await verifyPassword(hash, change.current)))
    problems.push({ path: 'current', message: '現在のパスワードが正しくありません。' });
  const policy = passwordProblems(change.next, { login: operator.login, name: operator.name });
  if (policy.length > 0) problems.push({ path: 'new', message: policy.join('') });
  else if (change.next !== change.confirm)
    problems.push({ path: 'confirm', message: '確認用のパスワードが一致しません。' });
  else if (change.next === change.current)
    problems.push({ path: 'new', message: '現在と異なるパスワードにしてください。' });
  if (problems.length > 0) throw new Refusal('invalid', 'パスワードを変更できませんでした。', problems);
  const next = await hashPassword(change.next);
  await ws.db.transaction().execute(async (trx) => {
    await setOperatorPassword(trx, operator.id, next, false);
    await deleteOperatorSessions(trx, operator.id, change.keepSessionHash);
  });
}

/** The secret being enrolled: the pending one, or (with `restart`, or none pending) a new one. */
export async function startOperatorMfaEnrolment(
  ws: OperatorWorkspace,
  operatorId: number,
  restart: boolean,
): Promise<{ readonly secret: string }> {
  const operator = await ownAccount(ws, operatorId);
  if (operator.mfaEnabled) throw new Refusal('conflict', '二要素認証は登録済みです。');
  const pending = (await findOperatorTotp(ws.db, operator.id))?.pendingSecret ?? null;
  if (pending !== null && !restart) return { secret: pending };
  const secret = generateTotpSecret();
  await setOperatorPendingTotp(ws.db, operator.id, secret);
  return { secret };
}
