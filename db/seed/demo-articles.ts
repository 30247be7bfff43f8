/**
 * Short sample articles for the demo project and for trying the editor. Written for Spanlab; the
 * people, places and events are fictional. One article mixes scripts and emoji on purpose, to show
 * that offsets stay exact.
 */
export interface DemoArticle {
  title: string;
  sourceUrl: string | null;
  meta: Record<string, unknown>;
  text: string;
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    title: "Harbour council approves tidal barrier after heated session",
    sourceUrl: null,
    meta: { section: "Local", published: "2026-03-14", outlet: "The Harbour City Ledger (fictional)" },
    text: [
      "Harbour City council voted 7–4 on Tuesday night to fund a tidal barrier across the old ferry channel, ending a debate that has split the waterfront for two years.",
      "Mayor Ines Calloway said the barrier would protect \"every home south of Mill Street from the next hundred-year storm\". She added that construction could begin in the autumn.",
      "Opponents dispute the numbers. \"The council's own engineers told us the barrier cuts flood risk by a third, not by half,\" said Tomas Reyna, who chairs the Eastbank Residents' Association.",
      "According to the city's finance office, the project will cost 48 million crowns, of which the regional government has promised 30 million. Councillor Priya Nandakumar claimed the remainder could be covered without raising property taxes.",
      "The Harbour Pilots' Guild welcomed the vote but warned that the barrier gates must stay open for at least 20 hours a day to keep the channel navigable.",
    ].join("\n"),
  },
  {
    title: "Clinic waiting times fall, health board says; nurses' union is not convinced",
    sourceUrl: null,
    meta: { section: "Health", published: "2026-04-02", outlet: "The Harbour City Ledger (fictional)" },
    text: [
      "Average waiting times at Harbour City's three public clinics fell from 41 days to 26 days over the past year, the regional health board said on Monday.",
      "\"We hired 60 additional nurses and opened evening appointments, and patients are feeling the difference,\" board director Alma Voss told reporters at the Northgate clinic.",
      "The nurses' union questioned the figures. Its spokesperson, Dario Feld, said the board had changed how it counts waiting time, starting the clock at triage rather than at referral.",
      "\"If you measure from referral, most patients still wait more than a month,\" Feld said. The board did not respond to a request for comment on the change in method.",
    ].join("\n"),
  },
  {
    title: "Night market returns to the old tram depot 🏮 — with a few new faces",
    sourceUrl: null,
    meta: { section: "Culture", published: "2026-05-20", outlet: "The Harbour City Ledger (fictional)", languages: ["en", "zh", "ar"] },
    text: [
      "The night market is back at the old tram depot after a three-year pause, and organiser Mei-Lin Zhou says more than 90 stalls have signed up 🎉.",
      "Visitors can expect dumplings (饺子), grilled corn, and a stall run by the Haddad family selling ka'ak (كعك) from a recipe \"older than the tram line itself\", as Rana Haddad put it.",
      "Zhou said the market would donate 5% of its takings to the depot's restoration fund. The city's heritage officer, José Álvarez, called the depot \"the last building in the district that still remembers the harbour's working days\".",
      "Families are welcome: the organisers promise a quiet corner for strollers 👩‍👩‍👧‍👦 and a lost-and-found desk near the east gate. Math fans will find the 𝐏𝐮𝐳𝐳𝐥𝐞 𝐓𝐞𝐧𝐭 next to the café.",
    ].join("\n"),
  },
];
