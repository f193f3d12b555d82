// One finding of the consistency check as the public 整合性チェック page and the staff's confirmation before
// publishing both show it: its severity, where it is and what is wrong; `children` add what a page links to.
import type { Child } from 'hono/jsx';
import type { Finding } from '../../../domain/audit/finding.ts';
import { SeverityBadge } from './status-badge.tsx';

export function FindingItem({ finding, children }: { finding: Finding; children?: Child }) {
  return (
    <li class="finding">
      <p class="finding__head">
        <SeverityBadge severity={finding.severity} />
        <span class="finding__where">{finding.where.label}</span>
      </p>
      <p class="finding__message">{finding.message}</p>
      {children}
    </li>
  );
}
