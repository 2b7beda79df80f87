// The glossary page written as ordinary strict page code over openapi-fetch and the types
// openapi-typescript generates from the served spec: no casts, no `any`, no `!`. If the spec calls an
// always-present field optional, leaves it unknown or widens an answer, this file stops compiling.
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/api";

type Term = components["schemas"]["Term"];
type TermSummary = components["schemas"]["TermSummary"];
type TermPage = components["schemas"]["TermSummaryPage"];
type Newsletter = components["schemas"]["Newsletter"];
type Problem = components["schemas"]["Problem"];
type DefinedTerm = components["schemas"]["DefinedTerm"];
type LetterParameter = NonNullable<paths["/terms"]["get"]["parameters"]["query"]>["letter"];

// GET /terms/{slug} answers application/json (Term) or application/ld+json (DefinedTerm). The media
// type parameter picks one, so `data` is a Term here, and a DefinedTerm on the partner's client.
// Errors come as application/problem+json: a media type that matches none of an answer's types
// would type `error` as the whole content map instead of Problem, hence the union.
type JsonMedia = "application/json" | "application/problem+json";
type JsonLdMedia = "application/ld+json" | "application/problem+json";
export type GlossaryClient = ReturnType<typeof glossaryClient>;
export function glossaryClient(baseUrl: string) {
  return createClient<paths, JsonMedia>({ baseUrl, headers: { Accept: "application/json" } });
}
export function partnerClient(baseUrl: string) {
  return createClient<paths, JsonLdMedia>({ baseUrl, headers: { Accept: "application/ld+json" } });
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(errorText(problem));
  }
}

export interface Cached<T> {
  etag: string;
  value: T;
}

// A 304 leaves `data` (and `error`) undefined in openapi-fetch: the page keeps the copy it has.
export async function loadTerm(client: GlossaryClient, slug: string, cached?: Cached<Term>): Promise<Cached<Term>> {
  const { data, error, response } = await client.GET("/terms/{slug}", {
    params: { path: { slug } },
    headers: cached === undefined ? {} : { "If-None-Match": cached.etag },
  });
  if (response.status === 304 && cached !== undefined) {
    return cached;
  }
  if (data !== undefined) {
    return { etag: response.headers.get("ETag") ?? "", value: data };
  }
  throw new ProblemError(error);
}

export async function loadPage(client: GlossaryClient, letter: LetterParameter, page: number): Promise<TermPage> {
  const { data, error } = await client.GET("/terms", { params: { query: { letter, page, size: 20 } } });
  if (data === undefined) {
    throw new ProblemError(error);
  }
  return data;
}

export async function loadNewsletter(client: GlossaryClient): Promise<Newsletter> {
  const { data, error } = await client.GET("/newsletter");
  if (data === undefined) {
    throw new ProblemError(error);
  }
  return data;
}

// The box under the newsletter teaser: a sentence for the reader, whatever the answer.
export async function subscribe(client: GlossaryClient, email: string): Promise<string> {
  const { data, error, response } = await client.POST("/subscribers", { body: { email, source: "glossary-page" } });
  if (data !== undefined) {
    return data.status === "accepted" ? "Check your inbox to confirm." : `Unexpected answer ${data.status}`;
  }
  const retry = response.headers.get("Retry-After");
  return retry === null ? errorText(error) : `Too many attempts; try again in ${retry} s`;
}

export async function loadDefinedTerm(baseUrl: string, slug: string): Promise<DefinedTerm> {
  const { data, error } = await partnerClient(baseUrl).GET("/terms/{slug}", { params: { path: { slug } } });
  if (data === undefined) {
    throw new ProblemError(error);
  }
  return data;
}

export function termCard(t: Term): string {
  const explore = t.exploreUrl === null ? "" : ` <a href="${t.exploreUrl}">Explore the Data</a>`;
  const related = t.relatedTerms.map((r: TermSummary) => `${r.name} (${r.slug}): ${r.shortDefinition.trim()}`).join(", ");
  const paragraphs = t.description.split("\n\n").length;
  return `${t.name} [${t.slug}] r${t.revision} ${t.shortDefinition} ${paragraphs} ${t.aliases.join("/")} ${related}${explore}`
    + ` ${t.createdAt.length + t.updatedAt.length}`;
}

export function newsletterBox(n: Newsletter): string {
  const latest = n.latestIssue === null ? "no issue yet"
    : `${n.latestIssue.title} ${n.latestIssue.url ?? ""} ${n.latestIssue.summary ?? ""} ${n.latestIssue.publishedAt} #${n.latestIssue.id.toFixed(0)}`;
  return `${n.name.toUpperCase()}: ${n.tagline.trim()} ${latest}`;
}

export function errorText(p: Problem): string {
  const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.message.trim()}`).join("; ");
  return `${p.status.toFixed(0)} ${p.title.trim()} ${p.detail.trim()} ${p.type} ${p.instance} ${fields}`;
}

// Page-number answers carry the counts; a cursor answer has none, so the pager falls back to "more".
export function pager(page: TermPage): string {
  const first = page.items[0];
  const from = first === undefined ? "nothing" : `from ${first.name}`;
  const counts = page.totalItems === undefined || page.page === undefined || page.totalPages === undefined
    ? (page.nextCursor === null ? "last" : "more")
    : `${page.totalItems.toFixed(0)} terms${page.totalItemsExact === false ? " (about)" : ""}, page ${page.page + 1}/${page.totalPages}`;
  return `${page.items.length}/${page.size} ${from}: ${counts}`;
}

// A partner's page embeds the JSON-LD as it came; "<" escaped so that no text can close the script element.
export function definedTermScript(d: DefinedTerm): string {
  const names = (d.alternateName ?? []).map((a: string) => a.trim()).join(", ");
  const json = JSON.stringify(d).replace(/</g, "\\u003c");
  return `<script type="application/ld+json">${json}</script>`
    + ` ${d["@context"]} ${d["@type"]} ${d["@id"]} ${d.url} ${d.name.trim()} ${d.description.length}`
    + ` ${d.termCode} ${names} ${d.inDefinedTermSet}`;
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`page check failed: ${what}`);
  }
}

// What clients/check.sh runs (compiled, under node) against the seeded service: one line per view.
export async function renderAll(baseUrl: string): Promise<string[]> {
  const client = glossaryClient(baseUrl);
  const lines: string[] = [];

  const term = await loadTerm(client, "transfer-learning");
  check(term.value.name === "Transfer Learning" && term.value.relatedTerms.length === 6, "transfer-learning and its six related terms");
  lines.push(termCard(term.value));
  const again = await loadTerm(client, "transfer-learning", term);
  check(again === term, "a 304 keeps the cached copy");
  lines.push(`304 for ${term.etag}: kept the cached copy`);

  const page = await loadPage(client, undefined, 0);
  check(page.totalItems === 7, "the first page counts the seven seeded terms");
  lines.push(pager(page));

  lines.push(newsletterBox(await loadNewsletter(client)));
  const answer = await subscribe(client, `page-${Date.now()}@example.com`);
  check(answer === "Check your inbox to confirm.", "subscribe answers 202 accepted");
  lines.push(answer);

  try {
    await loadTerm(client, "quantum-llama");
    check(false, "an unknown slug is a 404");
  } catch (e) {
    check(e instanceof ProblemError && e.problem.status === 404, "an unknown slug reads as a 404 problem");
    lines.push(e instanceof Error ? e.message : String(e));
  }

  const defined = await loadDefinedTerm(baseUrl, "transfer-learning");
  check(defined["@type"] === "DefinedTerm", "the partner's client gets a DefinedTerm");
  lines.push(definedTermScript(defined).slice(0, 120));
  return lines;
}
