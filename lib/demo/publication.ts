/** The demo publication that a fresh install starts with. Written for this project. */
export const demoPublication = {
  name: "Grid Notes",
  description: "A weekly newsletter on the energy transition: the grid, storage, and the software that runs them.",
  siteUrl: "http://localhost:3000",
  senderName: "Grid Notes",
  senderEmail: "editor@gridnotes.example",
  replyTo: "letters@gridnotes.example",
  postalAddress: "Grid Notes, 12 Example Street, 1000 Sampletown",
  timezone: "Europe/Berlin",
  defaultSendWeekday: 1,
  defaultSendTime: "07:30",
};

export const demoSubscribers = [
  { email: "ada@readers.example", name: "Ada", status: "active" },
  { email: "grace@readers.example", name: "Grace", status: "active" },
  { email: "linus@readers.example", name: "Linus", status: "active" },
  { email: "margaret@readers.example", name: "Margaret", status: "pending" },
  { email: "ken@readers.example", name: null, status: "unsubscribed" },
  { email: "barbara@readers.example", name: "Barbara", status: "bounced" },
] as const;
