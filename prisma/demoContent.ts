import type { JSONContent } from "@tiptap/core";
import { block } from "../app/editor/documentModel";

// The demo texts, written after the Budapest Process' Istanbul Commitments (2013) and its
// Call for Action. Seeded as Yjs state on the server, never typed in by a client.

export function declarationContent(): JSONContent {
  return {
    type: "doc",
    content: [
      block("title", "Draft Ministerial Declaration of the Budapest Process"),
      block("heading", "Preamble"),
      block(
        "preambular",
        "Recalling that the Budapest Process, established in 1991, is a consultative forum of more than fifty governments and international organisations aiming at developing comprehensive and sustainable systems for orderly migration,",
      ),
      block(
        "preambular",
        "Recalling the Istanbul Ministerial Declaration on a Silk Routes Partnership for Migration, adopted on 19 April 2013, and its Call for Action,",
      ),
      block(
        "preambular",
        "Acknowledging that migration is a complex phenomenon that calls for a comprehensive and balanced approach, based on partnership and shared responsibility between countries of origin, transit and destination,",
      ),
      block(
        "preambular",
        "Reaffirming our commitment to international law, including international human rights law and international refugee law,",
      ),
      block(
        "preambular",
        "Welcoming the contribution of the international organisations that take part in the Budapest Process as observers,",
      ),
      block("heading", "Commitments"),
      block(
        "operative",
        "Partnership: commit to strengthen cooperation among the participating states on the basis of mutual trust and shared responsibility, and to deepen the dialogue with the countries along the Silk Routes;",
      ),
      block(
        "operative",
        "Comprehensive migration governance: commit to address all aspects of migration, including legal migration and mobility, irregular migration, return and readmission, and international protection;",
        { status: "bracketed" },
      ),
      block(
        "operative",
        "International human rights: commit to uphold the human rights of all migrants, irrespective of their status, with particular attention to persons in vulnerable situations, including women and children;",
        { status: "agreed_ad_ref" },
      ),
      block(
        "operative",
        "Support and solidarity: commit to support countries that host large numbers of refugees and migrants, through capacity building and the sharing of expertise;",
      ),
      block(
        "operative",
        "Knowledge: commit to improve the knowledge base on migration through the collection, analysis and exchange of reliable data, so that our policies rest on evidence.",
        { status: "agreed" },
      ),
    ],
  };
}

const GOALS: { goal: string; actionPoints: [string, Record<string, string>][] }[] = [
  {
    goal: "Prevent and counteract irregular migration, and facilitate return and readmission",
    actionPoints: [
      [
        "Strengthen border management capacities, including training of border and law enforcement officials, in full respect of human rights.",
        { lead: "Participating states", partners: "Frontex, ICMPD, IOM", timeline: "2025–2027" },
      ],
      [
        "Promote voluntary return and sustainable reintegration, and conclude readmission arrangements between countries of origin and destination.",
        { lead: "Countries of origin and destination", partners: "IOM", timeline: "2025–2030" },
      ],
      [
        "Exchange information on migrant smuggling routes and modi operandi through the Budapest Process network.",
        { partners: "Europol, UNODC", indicators: "Number of joint analyses shared" },
      ],
    ],
  },
  {
    goal: "Organise legal migration and mobility",
    actionPoints: [
      [
        "Provide accessible information on legal migration channels, including through migrant resource centres.",
        { lead: "Countries of origin", partners: "ICMPD", timeline: "2025–2026" },
      ],
      ["Facilitate the recognition of skills and qualifications of migrant workers.", { indicators: "Number of recognition agreements" }],
    ],
  },
  {
    goal: "Promote integration and counter discrimination, racism and xenophobia",
    actionPoints: [
      ["Support pre-departure orientation and post-arrival integration programmes.", { lead: "Countries of destination" }],
      ["Counter xenophobic discourse through public awareness campaigns and dialogue with the media.", {}],
    ],
  },
  {
    goal: "Strengthen the positive impact of migration on development",
    actionPoints: [
      [
        "Lower the cost of remittance transfers and promote financial inclusion of migrants and their families.",
        { partners: "World Bank, IOM", timeline: "2025–2030" },
      ],
      ["Engage diaspora communities as partners in development.", {}],
    ],
  },
  {
    goal: "Prevent and combat trafficking in persons",
    actionPoints: [
      [
        "Improve the identification, referral and protection of victims of trafficking.",
        { partners: "UNODC, OSCE", indicators: "Number of victims identified and assisted" },
      ],
      ["Strengthen cross-border judicial cooperation to prosecute traffickers.", { lead: "Participating states" }],
    ],
  },
  {
    goal: "Promote international protection",
    actionPoints: [
      ["Strengthen asylum systems and reception capacities in line with international standards.", { partners: "UNHCR" }],
      ["Support countries hosting large refugee populations through responsibility sharing.", { partners: "UNHCR", timeline: "2025–2030" }],
      ["Improve access to durable solutions, including resettlement.", {}],
    ],
  },
];

export function actionPlanContent(): JSONContent {
  return {
    type: "doc",
    content: [
      block("title", "Call for Action 2025–2030"),
      ...GOALS.flatMap(({ goal, actionPoints }) => [
        block("goal", goal),
        ...actionPoints.map(([text, fields]) => block("actionPoint", text, fields)),
      ]),
    ],
  };
}
