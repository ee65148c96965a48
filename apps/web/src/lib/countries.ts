export interface CountryRule {
  code: string;
  name: string;
  /** label of the region field (State, Province, County…) */
  regionLabel: string;
  regionRequired: boolean;
  /** fixed list of regions, when the API expects one of a known set */
  regions?: { value: string; label: string }[];
  /** null: the country has no postcodes */
  postal: { label: string; pattern: RegExp; example: string; required: boolean } | null;
}

const US_STATES = "AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|DE Delaware|DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|KS Kansas|KY Kentucky|LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|PR Puerto Rico";
const CA_PROVINCES = "AB Alberta|BC British Columbia|MB Manitoba|NB New Brunswick|NL Newfoundland and Labrador|NS Nova Scotia|NT Northwest Territories|NU Nunavut|ON Ontario|PE Prince Edward Island|QC Quebec|SK Saskatchewan|YT Yukon";
const AU_STATES = "ACT Australian Capital Territory|NSW New South Wales|NT Northern Territory|QLD Queensland|SA South Australia|TAS Tasmania|VIC Victoria|WA Western Australia";

function list(s: string) {
  return s.split("|").map((p) => {
    const i = p.indexOf(" ");
    return { value: p.slice(0, i), label: p.slice(i + 1) };
  });
}

const p = (label: string, pattern: RegExp, example: string, required = true) => ({ label, pattern, example, required });
const FIVE = /^\d{5}$/;
const FOUR = /^\d{4}$/;

export const COUNTRIES: CountryRule[] = [
  { code: "US", name: "United States", regionLabel: "State", regionRequired: true, regions: list(US_STATES), postal: p("ZIP code", /^\d{5}(-\d{4})?$/, "94103 or 94103-1234") },
  { code: "CA", name: "Canada", regionLabel: "Province or territory", regionRequired: true, regions: list(CA_PROVINCES), postal: p("Postal code", /^[A-Za-z]\d[A-Za-z][ -]?\d[A-Za-z]\d$/, "K1A 0B1") },
  { code: "AU", name: "Australia", regionLabel: "State or territory", regionRequired: true, regions: list(AU_STATES), postal: p("Postcode", FOUR, "2000") },
  { code: "GB", name: "United Kingdom", regionLabel: "County", regionRequired: false, postal: p("Postcode", /^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/, "SW1A 1AA") },
  { code: "IE", name: "Ireland", regionLabel: "County", regionRequired: false, postal: p("Eircode", /^[A-Za-z\d]{3}\s?[A-Za-z\d]{4}$/, "D02 X285", false) },
  { code: "DE", name: "Germany", regionLabel: "State", regionRequired: false, postal: p("Postleitzahl (PLZ)", FIVE, "10115") },
  { code: "FR", name: "France", regionLabel: "Region", regionRequired: false, postal: p("Code postal", FIVE, "75001") },
  { code: "NL", name: "Netherlands", regionLabel: "Province", regionRequired: false, postal: p("Postcode", /^\d{4}\s?[A-Za-z]{2}$/, "1012 AB") },
  { code: "BE", name: "Belgium", regionLabel: "Province", regionRequired: false, postal: p("Postcode", FOUR, "1000") },
  { code: "ES", name: "Spain", regionLabel: "Province", regionRequired: false, postal: p("Código postal", FIVE, "28001") },
  { code: "IT", name: "Italy", regionLabel: "Province", regionRequired: false, postal: p("CAP", FIVE, "00118") },
  { code: "PT", name: "Portugal", regionLabel: "District", regionRequired: false, postal: p("Código postal", /^\d{4}-\d{3}$/, "1000-001") },
  { code: "AT", name: "Austria", regionLabel: "State", regionRequired: false, postal: p("Postleitzahl", FOUR, "1010") },
  { code: "CH", name: "Switzerland", regionLabel: "Canton", regionRequired: false, postal: p("Postleitzahl", FOUR, "8001") },
  { code: "SE", name: "Sweden", regionLabel: "County", regionRequired: false, postal: p("Postnummer", /^\d{3}\s?\d{2}$/, "114 55") },
  { code: "NO", name: "Norway", regionLabel: "County", regionRequired: false, postal: p("Postnummer", FOUR, "0150") },
  { code: "DK", name: "Denmark", regionLabel: "Region", regionRequired: false, postal: p("Postnummer", FOUR, "1050") },
  { code: "FI", name: "Finland", regionLabel: "Region", regionRequired: false, postal: p("Postinumero", FIVE, "00100") },
  { code: "PL", name: "Poland", regionLabel: "Voivodeship", regionRequired: false, postal: p("Kod pocztowy", /^\d{2}-\d{3}$/, "00-950") },
  { code: "JP", name: "Japan", regionLabel: "Prefecture", regionRequired: false, postal: p("Postal code", /^\d{3}-?\d{4}$/, "100-0001") },
  { code: "NZ", name: "New Zealand", regionLabel: "Region", regionRequired: false, postal: p("Postcode", FOUR, "6011") },
  { code: "SG", name: "Singapore", regionLabel: "Region", regionRequired: false, postal: p("Postal code", /^\d{6}$/, "018956") },
  { code: "IN", name: "India", regionLabel: "State", regionRequired: false, postal: p("PIN code", /^\d{6}$/, "110001") },
  { code: "BR", name: "Brazil", regionLabel: "State", regionRequired: false, postal: p("CEP", /^\d{5}-?\d{3}$/, "01310-100") },
  { code: "MX", name: "Mexico", regionLabel: "State", regionRequired: false, postal: p("Código postal", FIVE, "06600") },
  { code: "AE", name: "United Arab Emirates", regionLabel: "Emirate", regionRequired: false, postal: null },
  { code: "HK", name: "Hong Kong", regionLabel: "District", regionRequired: false, postal: null },
];

export const COUNTRY_OPTIONS = [...COUNTRIES].sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({ value: c.code, label: c.name }));

export function countryRule(code: string): CountryRule {
  return COUNTRIES.find((c) => c.code === code) ?? { code, name: code, regionLabel: "Region", regionRequired: false, postal: p("Postal code", /^[A-Za-z0-9 -]{2,12}$/, "", false) };
}

export function countryName(code: string): string {
  return COUNTRIES.find((c) => c.code === code)?.name ?? code;
}

/** Client-side checks mirroring the API's country-aware rules; returns field → message. */
export function validateAddress(v: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  const rule = countryRule(v.country ?? "");
  if (!v.name?.trim()) errors.name = "Enter the recipient's full name.";
  if (!v.line1?.trim()) errors.line1 = "Enter the street address.";
  if (!v.city?.trim()) errors.city = "Enter the city.";
  if (!v.country) errors.country = "Choose a country.";
  if (rule.regionRequired && !v.region?.trim()) errors.region = `Choose a ${rule.regionLabel.toLowerCase()}.`;
  const postal = (v.postal_code ?? "").trim();
  if (rule.postal) {
    if (!postal && rule.postal.required) errors.postal_code = `Enter the ${rule.postal.label}.`;
    else if (postal && !rule.postal.pattern.test(postal)) errors.postal_code = `Enter a valid ${rule.postal.label}${rule.postal.example ? `, like ${rule.postal.example}` : ""}.`;
  }
  return errors;
}
