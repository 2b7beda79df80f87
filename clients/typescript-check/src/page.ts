// What the glossary page reads, written as ordinary strict page code: if the generated types call
// an always-present field optional (or leave it unknown), this file stops compiling.
import type { components, paths } from "../generated/api";

type Term = components["schemas"]["Term"];
type TermSummary = components["schemas"]["TermSummary"];
type LetterCount = components["schemas"]["LetterCount"];
type Newsletter = components["schemas"]["Newsletter"];
type Problem = components["schemas"]["Problem"];
type TermPage = components["schemas"]["TermSummaryPage"];
type SubscribeAnswer = paths["/subscribers"]["post"]["responses"]["202"]["content"]["application/json"];
type LetterParameter = NonNullable<paths["/terms"]["get"]["parameters"]["query"]>["letter"];

export function termCard(t: Term): string {
  const explore = t.exploreUrl === null ? "" : ` <a href="${t.exploreUrl}">explore</a>`;
  const related = t.relatedTerms.map((r: TermSummary) => `${r.name} (${r.slug}): ${r.shortDefinition.length}`).join(", ");
  const paragraphs = t.description.split("\n\n").length;
  return `${t.name} [${t.slug}] ${t.shortDefinition} ${paragraphs} ${t.aliases.join("/")} ${related}${explore}`
    + ` ${t.createdAt.length + t.updatedAt.length}`;
}

export function letterBar(letters: LetterCount[]): string[] {
  return letters.map((l) => `${l.letter.toUpperCase()}${l.count > 0 ? ` ${l.count.toFixed(0)}` : ""}`);
}

export function typeAhead(suggestions: TermSummary[]): string[] {
  return suggestions.map((s) => `${s.name.toLowerCase()} /terms/${s.slug}`);
}

export function newsletterBox(n: Newsletter): string {
  const latest = n.latestIssue === null ? "no issue yet"
    : `${n.latestIssue.title} ${n.latestIssue.url ?? ""} ${n.latestIssue.summary ?? ""} ${n.latestIssue.publishedAt} #${n.latestIssue.id.toFixed(0)}`;
  return `${n.name.toUpperCase()}: ${n.tagline.trim()} ${latest}`;
}

export function subscribed(answer: SubscribeAnswer): boolean {
  return answer.status.length > 0;
}

export function errorText(p: Problem): string {
  const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.message.trim()}`).join("; ");
  return `${p.status.toFixed(0)} ${p.title.trim()} ${p.detail.trim()} ${p.type} ${p.instance} ${fields}`;
}

export function pager(page: TermPage): string {
  const next = page.nextCursor ?? "none";
  return `${page.items.length}/${page.size} of ${page.totalItems} (${page.page + 1}/${page.totalPages}, `
    + `${page.totalItemsExact ? "exact" : "about"}) next ${next}`;
}

export function letterLink(letter: LetterParameter): string {
  return `/terms?letter=${encodeURIComponent(letter ?? "A")}`;
}

type DefinedTerm = components["schemas"]["DefinedTerm"];

// A partner's page embeds the JSON-LD as it came; "<" escaped so that no text can close the script element.
export function definedTermScript(d: DefinedTerm): string {
  const names = (d.alternateName ?? []).map((a: string) => a.trim()).join(", ");
  const json = JSON.stringify(d).replace(/</g, "\\u003c");
  return `<script type="application/ld+json">${json}</script>`
    + ` ${d["@context"]} ${d["@type"]} ${d["@id"]} ${d.url} ${d.name.trim()} ${d.description.length}`
    + ` ${d.termCode} ${names} ${d.inDefinedTermSet}`;
}
