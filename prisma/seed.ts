import { jsonToYUpdate } from "../app/editor/documentModel";
import { createDb } from "../server/db/client";
import { openUpdateLog } from "../server/db/openUpdateLog";
import { hashPassword } from "../server/domain/people/passwords";
import { documentRoom } from "../common/collab";
import { parseEnv } from "../server/env";
import { assignParticipantColours } from "../common/colours";
import { actionPlanContent, declarationContent } from "./demoContent";

// The demo process: the Budapest Process with its real membership.

export const DEMO_PASSWORD = "plenary-demo-2025";

const STATES: [name: string, code: string][] = [
  ["Albania", "ALB"],
  ["Armenia", "ARM"],
  ["Australia", "AUS"],
  ["Azerbaijan", "AZE"],
  ["Bosnia and Herzegovina", "BIH"],
  ["Georgia", "GEO"],
  ["Kazakhstan", "KAZ"],
  ["Kyrgyzstan", "KGZ"],
  ["Liechtenstein", "LIE"],
  ["North Macedonia", "MKD"],
  ["Moldova", "MDA"],
  ["Montenegro", "MNE"],
  ["Norway", "NOR"],
  ["Pakistan", "PAK"],
  ["Serbia", "SRB"],
  ["Switzerland", "CHE"],
  ["Tajikistan", "TJK"],
  ["Türkiye", "TUR"],
  ["Turkmenistan", "TKM"],
  ["Ukraine", "UKR"],
  ["United Kingdom", "GBR"],
  ["Uzbekistan", "UZB"],
  ["United States", "USA"],
  // Silk Routes states
  ["Afghanistan", "AFG"],
  ["Bangladesh", "BGD"],
  ["Iran", "IRN"],
  ["Iraq", "IRQ"],
  // EU member states
  ["Austria", "AUT"],
  ["Belgium", "BEL"],
  ["Bulgaria", "BGR"],
  ["Croatia", "HRV"],
  ["Cyprus", "CYP"],
  ["Czechia", "CZE"],
  ["Denmark", "DNK"],
  ["Estonia", "EST"],
  ["Finland", "FIN"],
  ["France", "FRA"],
  ["Germany", "DEU"],
  ["Greece", "GRC"],
  ["Hungary", "HUN"],
  ["Ireland", "IRL"],
  ["Italy", "ITA"],
  ["Latvia", "LVA"],
  ["Lithuania", "LTU"],
  ["Luxembourg", "LUX"],
  ["Malta", "MLT"],
  ["Netherlands", "NLD"],
  ["Poland", "POL"],
  ["Portugal", "PRT"],
  ["Romania", "ROU"],
  ["Slovakia", "SVK"],
  ["Slovenia", "SVN"],
  ["Spain", "ESP"],
  ["Sweden", "SWE"],
];

const OBSERVERS: [name: string, code: string][] = [
  ["International Organization for Migration (IOM)", "IOM"],
  ["UN Refugee Agency (UNHCR)", "UNHCR"],
  ["UN Office on Drugs and Crime (UNODC)", "UNODC"],
  ["Frontex", "FRONTEX"],
  ["Europol", "EUROPOL"],
  ["Organization for Security and Co-operation in Europe (OSCE)", "OSCE"],
];

export const DEMO_USERS = [
  { email: "secretariat@icmpd.example", name: "Elena Novak", participant: "SEC", role: null, office: null },
  { email: "chair@turkiye.example", name: "Ayşe Demir", participant: "TUR", role: "head", office: "chair" },
  { email: "cochair@hungary.example", name: "Gábor Kovács", participant: "HUN", role: "delegate", office: "co_chair" },
  { email: "head@hungary.example", name: "Katalin Szabó", participant: "HUN", role: "head", office: null },
  { email: "delegate@hungary.example", name: "Péter Tóth", participant: "HUN", role: "delegate", office: null },
  { email: "head@pakistan.example", name: "Ayesha Khan", participant: "PAK", role: "head", office: null },
  { email: "delegate@pakistan.example", name: "Bilal Ahmed", participant: "PAK", role: "delegate", office: null },
  { email: "delegate2@pakistan.example", name: "Sana Mir", participant: "PAK", role: "delegate", office: null },
  { email: "head@iraq.example", name: "Layla Hassan", participant: "IRQ", role: "head", office: null },
  { email: "delegate@iraq.example", name: "Omar Al-Rashid", participant: "IRQ", role: "delegate", office: null },
  { email: "observer@iom.example", name: "Maria Rossi", participant: "IOM", role: "head", office: null },
] as const;

async function main() {
  const env = parseEnv(process.env);
  const db = createDb(env.DATABASE_URL);
  try {
    if (await db.process.findUnique({ where: { slug: "budapest-process" } })) {
      console.log("Demo process already seeded; nothing to do.");
      return;
    }
    // Deadlines are shown in each participant's zone; the demo sets the delegations with accounts.
    const DEMO_TIME_ZONES: Record<string, string> = {
      SEC: "Europe/Vienna",
      TUR: "Europe/Istanbul",
      HUN: "Europe/Budapest",
      PAK: "Asia/Karachi",
      IRQ: "Asia/Baghdad",
      IOM: "Europe/Zurich",
    };
    const process_ = await db.process.create({ data: { name: "Budapest Process", slug: "budapest-process" } });
    const participants = [
      { kind: "secretariat", name: "International Centre for Migration Policy Development (ICMPD)", code: "SEC" },
      ...STATES.map(([name, code]) => ({ kind: "state", name, code })),
      ...OBSERVERS.map(([name, code]) => ({ kind: "observer", name, code })),
    ];
    // Participants with demo accounts take the palette first, so the ones people meet differ.
    const active = new Set<string>(DEMO_USERS.map((user) => user.participant));
    const joiningOrder = [...participants.filter((p) => active.has(p.code)), ...participants.filter((p) => !active.has(p.code))];
    const colours = assignParticipantColours(joiningOrder.length);
    await db.participant.createMany({
      data: joiningOrder.map((participant, index) => ({
        ...participant,
        processId: process_.id,
        colour: colours[index]!,
        timeZone: DEMO_TIME_ZONES[participant.code] ?? "UTC",
      })),
    });
    const byCode = new Map((await db.participant.findMany()).map((participant) => [participant.code, participant]));
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const user of DEMO_USERS) {
      await db.user.create({
        data: {
          email: user.email,
          name: user.name,
          passwordHash,
          participantId: byCode.get(user.participant)!.id,
          delegationRole: user.role,
          office: user.office,
        },
      });
    }
    const secretariat = await db.user.findUniqueOrThrow({ where: { email: "secretariat@icmpd.example" } });
    const documents = [
      { kind: "declaration", title: "Draft Ministerial Declaration", symbol: "BP/MC/2025/L.1", content: declarationContent() },
      { kind: "action_plan", title: "Call for Action 2025–2030", symbol: "BP/MC/2025/L.2", content: actionPlanContent() },
    ];
    const updateLog = openUpdateLog(env.DATABASE_URL);
    for (const { content, ...document } of documents) {
      const created = await db.document.create({
        data: { ...document, language: "en", stage: "drafting", processId: process_.id, createdById: secretariat.id },
      });
      await updateLog.append([{ room: documentRoom(created.id), data: jsonToYUpdate(content), author: null }]);
    }
    await updateLog.close();
    await db.auditEntry.create({
      data: {
        processId: process_.id,
        actorName: "system",
        action: "process.seed",
        subjectType: "process",
        subjectId: process_.id,
        details: JSON.stringify({ participants: participants.length, users: DEMO_USERS.length }),
      },
    });
    console.log(`Seeded the Budapest Process: ${participants.length} participants, ${DEMO_USERS.length} users, 2 documents.`);
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
