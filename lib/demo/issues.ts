/**
 * Demo issues in the shape of a weekly roundup: intro, news roundup with
 * labelled parts, trending research, noteworthy one-liners, sign-off. The text
 * is original to this project; the companies and studies in it are invented.
 */
import type { Block } from "../blocks/registry.ts";

/** `topics` are the slugs of demoTopics. */
type DemoBlock = Block & { topics?: string[] };
export type DemoIssue = {
  number: number;
  title: string;
  slug: string;
  preheader: string;
  status: "sent" | "draft";
  sentAt?: string;
  topics?: string[];
  blocks: DemoBlock[];
};

/** Public tags: each has a topic page, and readers can follow them in the preference center. */
export const demoTopics = [
  { name: "Energy storage", slug: "energy-storage", description: "Batteries, caverns and everything else that keeps power for later." },
  { name: "Research", slug: "research", description: "Papers worth reading, from the research section." },
];

const signOff: DemoBlock = {
  type: "signOff",
  data: {
    text: "Thanks for reading. Reply to this email with tips, corrections or questions; I read every one.",
    tagline: "Grid Notes: a weekly newsletter on the energy transition",
  },
};

export const demoIssues: DemoIssue[] = [
  {
    number: 1,
    title: "Batteries Outbid Gas Peakers, Heat Pumps Learn to Wait, and a Grid That Forecasts Itself",
    slug: "batteries-outbid-gas-peakers",
    preheader: "Storage wins a capacity auction, flexible heat pumps, and a forecasting model for the grid.",
    status: "sent",
    sentAt: "2026-11-09T06:30:00.000Z",
    topics: ["energy-storage"],
    blocks: [
      {
        type: "intro",
        data: {
          text:
            "This week a battery fleet won a capacity auction outright, a utility paid households to let their heat pumps wait, " +
            "and a grid operator published a forecasting model anyone can run. There is also a new section, **Noteworthy Stories**, " +
            "with short picks from other outlets. I hope you enjoy this selection.",
        },
      },
      {
        type: "roundup",
        data: {
          title: "Weekly News Roundup",
          stories: [
            {
              id: "storage-auction",
              headline: "Battery Storage Clears a Regional Capacity Auction Ahead of Gas",
              url: "https://example.com/news/capacity-auction",
              parts: [
                {
                  label: "What's new",
                  body:
                    "A regional capacity auction closed with battery storage taking the largest share of new contracts, ahead of gas-fired peaking plants for the first time. " +
                    "Four-hour systems made up most of the winning bids.\n\n" +
                    "You can read the auction summary on [the operator's site](https://example.com/auction-summary).",
                },
                {
                  label: "My take",
                  body:
                    "The result is less about batteries getting cheaper this year and more about how the auction now values them. " +
                    "Once a market credits fast response and penalises slow start-up, four-hour storage competes on its strengths.\n\n" +
                    "The open question is duration. Four hours covers an evening peak; it does not cover a windless week in January.",
                },
                {
                  label: "Storage vs. peakers",
                  body:
                    "A peaker earns money a few hundred hours a year. A battery can earn on arbitrage every day and still be available for the peak, " +
                    "which is why its bids could go lower.",
                },
              ],
            },
            {
              id: "heat-pump-flex",
              headline: "A Utility Pays Households to Let Their Heat Pumps Wait",
              url: "",
              parts: [
                {
                  label: "What's new",
                  body:
                    "A municipal utility ran a winter pilot in which 2,000 homes allowed their heat pumps to pause for up to 30 minutes during peaks, " +
                    "in exchange for a monthly credit. Indoor temperatures dropped by less than half a degree on average.",
                },
                {
                  label: "How it works",
                  body:
                    "Each heat pump receives a signal a few minutes before a peak. It pre-heats the home slightly, then pauses. " +
                    "Homes with underfloor heating barely noticed; homes with small radiators noticed more, and could opt out per event.\n\n" +
                    "- Signals were sent at most twice a day.\n- No pause lasted more than 30 minutes.\n- Every household could override from an app.",
                },
                {
                  label: "Why it matters",
                  body: "Thousands of small, flexible loads add up to a power plant the grid does not have to build.",
                },
              ],
            },
            {
              id: "open-forecast",
              headline: "A Grid Operator Publishes an Open Forecasting Model",
              url: "https://example.com/news/open-forecast",
              parts: [
                {
                  label: "What's new",
                  body:
                    "A transmission operator released the model it uses to forecast demand a day ahead, along with three years of anonymised training data, under an open licence.",
                },
                {
                  label: "My take",
                  body:
                    "Forecasts are usually treated as a competitive secret. Publishing one invites scrutiny, and scrutiny is exactly what a public grid should want.",
                },
              ],
            },
          ],
        },
      },
      {
        type: "trendingResearch",
        topics: ["research"],
        data: {
          title: "Trending Research",
          papers: [
            {
              id: "learning-when-to-charge",
              title: "Learning When to Charge: Reinforcement Learning for Fleet Batteries",
              summary:
                "Researchers trained a controller that decides when a fleet of home batteries should charge, using only price signals and weather forecasts. " +
                "In simulation it cut peak demand by 18% against a rule-based baseline without reducing how much solar energy households used themselves.",
              url: "https://example.com/papers/learning-when-to-charge",
              authors: "Example Institute of Technology",
            },
            {
              id: "feeder-forecasts",
              title: "Transformer Forecasts for Low-Voltage Feeders",
              summary:
                "A study compared forecasting models on data from 400 neighbourhood feeders. A small transformer beat gradient-boosted trees on days with unusual weather, " +
                "while the trees remained better and cheaper on ordinary days.",
              url: "https://example.com/papers/feeder-forecasts",
              authors: "",
            },
          ],
        },
      },
      {
        type: "noteworthy",
        data: {
          title: "Noteworthy Stories",
          items: [
            { text: "Why transformer shortages, not panels, now set the pace of new solar farms.", url: "https://example.com/a/transformers", source: "Example Energy Daily" },
            { text: "A guide to reading your country's grid connection queue.", url: "https://example.com/a/queues", source: "Sample Policy Review" },
            { text: "What a week of negative power prices taught one wind farm operator.", url: "https://example.com/a/negative-prices", source: "The Demo Times" },
          ],
        },
      },
      signOff,
    ],
  },
  {
    number: 2,
    title: "Offshore Wind Gets a Floating Cable, Smart Meters Speak Up, and Storage Goes Underground",
    slug: "offshore-wind-floating-cable",
    preheader: "A dynamic export cable, smart meters as grid sensors, and compressed-air storage in a salt cavern.",
    status: "sent",
    sentAt: "2026-11-16T06:30:00.000Z",
    topics: ["energy-storage"],
    blocks: [
      {
        type: "intro",
        data: {
          text:
            "Three stories this week about hardware in unusual places: a power cable that floats, meters that double as sensors, and air stored in a salt cavern. " +
            "As always, the research section closes with links to the papers.",
        },
      },
      {
        type: "roundup",
        data: {
          title: "Weekly News Roundup",
          stories: [
            {
              id: "floating-cable",
              headline: "A Dynamic Export Cable Connects a Floating Wind Farm",
              url: "",
              parts: [
                {
                  label: "What's new",
                  body:
                    "A floating wind demonstrator began exporting power through a dynamic cable designed to flex with the platform's movement, " +
                    "instead of a cable fixed to the seabed.",
                },
                {
                  label: "How it works",
                  body:
                    "The cable hangs in a lazy-wave shape, held up by buoyancy modules, so that waves move the slack rather than pull on the connection. " +
                    "Sensors along its length report strain every few seconds.",
                },
              ],
            },
            {
              id: "meters-as-sensors",
              headline: "Smart Meters Become the Grid's Eyes at the Edge",
              url: "",
              parts: [
                {
                  label: "What's new",
                  body:
                    "A distribution operator now reads voltage from a sample of smart meters every minute to find overloaded streets before equipment fails.",
                },
                {
                  label: "My take",
                  body:
                    "Most networks already own these sensors; they just never asked them the right question. Expect others to follow quickly, " +
                    "and expect privacy questions to follow with them.",
                },
              ],
            },
          ],
        },
      },
      {
        type: "trendingResearch",
        topics: ["research"],
        data: {
          title: "Trending Research",
          papers: [
            {
              id: "adiabatic-caes-efficiency",
              title: "Round-Trip Efficiency of Adiabatic Compressed-Air Storage in Salt Caverns",
              summary:
                "Engineers modelled a compressed-air plant that stores the heat of compression instead of wasting it. " +
                "Their design reaches an estimated 68% round-trip efficiency, far above older plants that burn gas on discharge.",
              url: "https://example.com/papers/salt-cavern-caes",
              authors: "Sample University, Department of Energy Systems",
            },
          ],
        },
      },
      {
        type: "noteworthy",
        data: {
          title: "Noteworthy Stories",
          items: [
            { text: "The quiet comeback of pumped hydro in old mines.", url: "https://example.com/a/pumped-hydro", source: "Example Energy Daily" },
            { text: "How one city mapped every rooftop that could carry solar panels.", url: "https://example.com/a/rooftops", source: "Demo City Journal" },
          ],
        },
      },
      signOff,
    ],
  },
  {
    number: 3,
    title: "Draft: Next Week's Issue",
    slug: "next-weeks-issue",
    preheader: "",
    status: "draft",
    blocks: [
      { type: "intro", data: { text: "" } },
      { type: "roundup", data: { title: "Weekly News Roundup", stories: [] } },
      { type: "trendingResearch", data: { title: "Trending Research", papers: [] } },
      { type: "noteworthy", data: { title: "Noteworthy Stories", items: [] } },
      signOff,
    ],
  },
];
