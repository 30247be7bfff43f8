import type { PairAgreement } from "@/lib/agreement";
import type { AgreementPersonDto } from "@/lib/server/agreement";
import { bandOf, formatScore, formatShare, KAPPA_BAND_HELP, KAPPA_BANDS, plural, undefinedReasonText } from "./format";

const CELL = "h-11 min-w-14 px-1 text-center text-sm tabular-nums";

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The range a band covers, for the legend: "0.21–0.40", "below 0", "0.81–1". */
function bandRange(index: number): string {
  const band = KAPPA_BANDS[index]!;
  const above = KAPPA_BANDS[index - 1];
  if (band.from === -Infinity) return "below 0";
  const upper = above ? (above.from - 0.01).toFixed(2) : "1";
  return `${band.from === 0 ? "0" : band.from.toFixed(2)}–${upper}`;
}

/**
 * Pairwise Cohen's κ (token level) as a symmetric matrix, annotators on both axes. Each cell is
 * coloured by its Landis & Koch band AND prints the value; its title (and screen-reader text) says
 * what it rests on.
 */
export function KappaHeatmap({ annotators, pairs }: { annotators: AgreementPersonDto[]; pairs: PairAgreement[] }) {
  const byPair = new Map(pairs.map((p) => [pairKey(p.annotatorA, p.annotatorB), p]));
  return (
    <figure className="space-y-3">
      <div className="overflow-x-auto">
        <table data-testid="agreement-heatmap" className="border-separate border-spacing-0.5">
          <caption className="sr-only">Cohen&apos;s κ for each pair of annotators; rows and columns list the same annotators.</caption>
          <thead>
            <tr>
              <td />
              {annotators.map((a) => (
                <th key={a.id} scope="col" className="px-1 pb-1 align-bottom text-xs font-medium" title={a.name}>
                  <span className="mx-auto block max-w-24 truncate">{a.name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {annotators.map((row) => (
              <tr key={row.id}>
                <th scope="row" className="pr-2 text-right text-xs font-medium" title={row.name}>
                  <span className="ml-auto block max-w-40 truncate">{row.name}</span>
                </th>
                {annotators.map((col) => {
                  if (row.id === col.id) {
                    return (
                      <td key={col.id} data-testid="kappa-cell" data-diagonal="true" className={`${CELL} text-muted rounded-sm bg-black/5 dark:bg-white/5`} title={`${row.name} with themself`}>
                        —
                      </td>
                    );
                  }
                  const pair = byPair.get(pairKey(row.id, col.id));
                  return <PairCell key={col.id} a={row} b={col} pair={pair} />;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="space-y-2">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Colour legend">
          {[...KAPPA_BANDS.keys()].reverse().map((i) => (
            <li key={i} className="inline-flex items-center gap-1.5">
              <span aria-hidden className="border-default inline-block size-3 rounded-sm border" style={{ background: KAPPA_BANDS[i]!.background }} />
              <span className="tabular-nums">{bandRange(i)}</span> <span className="text-muted">{KAPPA_BANDS[i]!.label}</span>
            </li>
          ))}
          <li className="inline-flex items-center gap-1.5">
            <span aria-hidden className="inline-block size-3 rounded-sm border border-dashed border-current opacity-50" />
            <span>—</span> <span className="text-muted">not defined (hover for why)</span>
          </li>
        </ul>
        <p className="text-muted text-xs leading-relaxed">
          Cohen&apos;s κ: how often two annotators give a token the same label, beyond what their own label frequencies would give by chance, over
          the articles both annotated. 1 is perfect agreement, 0 chance level. {KAPPA_BAND_HELP}
        </p>
      </figcaption>
    </figure>
  );
}

function PairCell({ a, b, pair }: { a: AgreementPersonDto; b: AgreementPersonDto; pair: PairAgreement | undefined }) {
  const kappa = pair?.cohenKappa;
  const value = kappa?.value ?? null;
  const documents = pair?.documents ?? 0;
  const tokens = pair?.tokens ?? 0;
  const restsOn = `${plural(documents, "article")}, ${plural(tokens, "token")}`;
  const band = value === null ? null : bandOf(value, KAPPA_BANDS);
  const title =
    value === null
      ? `${a.name} × ${b.name}: Cohen's κ not defined — ${undefinedReasonText(kappa?.undefinedReason ?? null, "pair")}. ${restsOn}.`
      : `${a.name} × ${b.name}: Cohen's κ ${formatScore(value)} (${band?.label}) over ${restsOn}. ` +
        `Observed agreement ${formatShare(kappa?.observedAgreement ?? null)}, expected by chance ${formatShare(kappa?.expectedAgreement ?? null)}.`;
  return (
    <td
      data-testid="kappa-cell"
      data-kappa={value ?? ""}
      className={`${CELL} rounded-sm ${band ? "" : "text-muted border border-dashed border-current/40"}`}
      style={band ? { background: band.background } : undefined}
      title={title}
    >
      {formatScore(value)}
      <span className="sr-only">
        {" "}
        ({a.name} and {b.name}, {restsOn})
      </span>
    </td>
  );
}
