import type { PairAgreement, SpanScore } from "@/lib/agreement";
import { formatCount, formatScore, undefinedReasonText } from "./format";

function spanTitle(mode: "exact" | "overlap", a: string, b: string, s: SpanScore): string {
  return (
    `Span F1 ${mode}: ${formatScore(s.f1)}. Precision ${formatScore(s.precision)} (share of ${b}'s spans that ${a} has too), ` +
    `recall ${formatScore(s.recall)} (share of ${a}'s spans that ${b} has too). ${formatCount(s.tp)} matched, ` +
    `${formatCount(s.fp)} only ${b}, ${formatCount(s.fn)} only ${a}.`
  );
}

/** Every pair of annotators: what they share, Cohen's κ, and span F1 exact / overlap (P/R on hover). */
export function PairTable({ pairs, nameOf }: { pairs: PairAgreement[]; nameOf: (id: string) => string }) {
  const TH = "px-3 py-2 text-left text-xs font-medium";
  const TD = "px-3 py-2 tabular-nums";
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="agreement-pairs">
        <caption className="sr-only">Agreement of each pair of annotators</caption>
        <thead className="text-muted border-default border-b">
          <tr>
            <th scope="col" className={TH}>
              Annotator A
            </th>
            <th scope="col" className={TH}>
              Annotator B
            </th>
            <th scope="col" className={`${TH} text-right`} title="Articles both annotated">
              Articles
            </th>
            <th scope="col" className={`${TH} text-right`} title="Tokens in those articles">
              Tokens
            </th>
            <th scope="col" className={`${TH} text-right`} title="Token-level Cohen's κ">
              Cohen&apos;s κ
            </th>
            <th scope="col" className={`${TH} text-right`} title="Span F1, same start, end and label">
              F1 exact
            </th>
            <th scope="col" className={`${TH} text-right`} title="Span F1, same label and overlapping">
              F1 overlap
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-[var(--border)]">
          {pairs.map((p) => {
            const a = nameOf(p.annotatorA);
            const b = nameOf(p.annotatorB);
            const none = p.documents === 0;
            return (
              <tr key={`${p.annotatorA}|${p.annotatorB}`} className={none ? "text-muted" : undefined}>
                <td className="px-3 py-2">{a}</td>
                <td className="px-3 py-2">{b}</td>
                <td className={`${TD} text-right`}>{formatCount(p.documents)}</td>
                <td className={`${TD} text-right`}>{formatCount(p.tokens)}</td>
                <td
                  className={`${TD} text-right`}
                  title={p.cohenKappa.value === null ? `Not defined: ${undefinedReasonText(p.cohenKappa.undefinedReason, "pair")}.` : undefined}
                >
                  {formatScore(p.cohenKappa.value)}
                </td>
                <td className={`${TD} text-right`} title={spanTitle("exact", a, b, p.span.exact.micro)}>
                  {formatScore(p.span.exact.micro.f1)}
                </td>
                <td className={`${TD} text-right`} title={spanTitle("overlap", a, b, p.span.overlap.micro)}>
                  {formatScore(p.span.overlap.micro.f1)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
