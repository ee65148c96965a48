import type { components } from "./schema";

type S = components["schemas"];
export type Site = S["Site"];
export type User = S["User"];
export type Role = User["roles"][number];
export type Tenant = S["Tenant"];
export type Session = S["Session"];
export type Address = S["Address"];
export type AddressInput = S["AddressInput"];
export type Settings = S["Settings"];
export type OperatorUser = S["OperatorUser"];
export type Invitation = S["Invitation"];
export type AuditEntry = S["AuditEntry"];
export type AuditPage = S["AuditPage"];
