import { formatTimePoint } from '../../../domain/calendar/time-point.ts';
import type { Initiative } from '../../../domain/plan/schema.ts';
import { formatQuantity } from '../../../domain/values/quantity.ts';

/** The text with its emphasised part (as printed in bold) in <strong>. */
function Emphasised({ text, emphasis }: { text: string; emphasis?: string | undefined }) {
  const at = emphasis ? text.indexOf(emphasis) : -1;
  if (!emphasis || at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <strong>{emphasis}</strong>
      {text.slice(at + emphasis.length)}
    </>
  );
}

/** 令和7年2月, or a period 令和6年11月～令和7年1月. */
const whenText = (i: Initiative): string | undefined => {
  if (!i.date) return undefined;
  const from = formatTimePoint(i.date, 'long');
  return i.until ? `${from}～${formatTimePoint(i.until, 'long')}` : from;
};

/** 主要取組: text, 【新】 as text, the date, details and figures. */
export function InitiativeList({ initiatives }: { initiatives: readonly Initiative[] }) {
  return (
    <ul class="initiatives">
      {initiatives.map((i) => {
        const when = whenText(i);
        return (
          <li class="initiative">
            <p class="initiative__text">
              {i.isNew ? <span class="new-badge">【新】</span> : null}
              <Emphasised text={i.text} emphasis={i.emphasis} />
              {when ? <span class="initiative__date">（{when}）</span> : null}
            </p>
            {i.details.length > 0 ? (
              <ul class="initiative__details">
                {i.details.map((d) => (
                  <li>{d}</li>
                ))}
              </ul>
            ) : null}
            {i.figures.length > 0 ? (
              <dl class="initiative__figures">
                {i.figures.map((f) => (
                  <div>
                    <dt>{f.label}</dt>
                    <dd>
                      {formatQuantity(f.value)}
                      {f.unit}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
