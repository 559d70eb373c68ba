/**
 * Zones ICU lists under an old IANA name, and the name IANA uses now. ICU keeps the old names as its
 * canonical ids (Intl.supportedValuesOf("timeZone") has Asia/Calcutta and Europe/Kiev, and neither
 * Asia/Kolkata nor Europe/Kyiv), so an editor in Kyiv would not find their city. Each current name was
 * checked to be accepted by Intl.DateTimeFormat (Node 20, ICU 78) and to keep the old name's offsets
 * (tests/unit/time-zone-choices.test.ts); renames only: old names that now point to a different
 * place's zone (Europe/Bratislava → Europe/Prague) are places of their own and stay.
 */
export const CURRENT_ZONE_NAMES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** A zone this runtime's Intl accepts: what Settings and setup store, and what the list offers. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/**
 * The time zones Settings offers: UTC first (the default for a new publication, which ICU's list
 * leaves out, so it could not be chosen again once changed), then every zone this runtime knows,
 * under its current name where the runtime accepts that name. `stored`, the publication's zone, is
 * always among them, even when it is an old name ("Asia/Calcutta" stays selected until changed).
 */
export function timeZoneChoices(stored?: string): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone").map((zone) => (CURRENT_ZONE_NAMES[zone] && isTimeZone(CURRENT_ZONE_NAMES[zone]) ? CURRENT_ZONE_NAMES[zone] : zone)));
  if (stored) zones.add(stored);
  zones.delete("UTC");
  return ["UTC", ...[...zones].sort()];
}
