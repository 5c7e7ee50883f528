import { z } from "zod";

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components?: { schemas?: Record<string, unknown> };
}

/** Rewrites `#/components/schemas/X` refs to `#/$defs/X` so one JSON Schema document holds them all. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", "#/$defs/") : rebase(v)]),
    );
  }
  return value;
}

/**
 * Validates response bodies against the schemas of the served OpenAPI document (not against the
 * zod schemas the document was generated from), so a drift between the two shows up.
 */
export function openApiValidator(doc: OpenApiDoc) {
  const defs = rebase(doc.components?.schemas ?? {}) as Record<string, unknown>;
  return (path: string, method: string, status: number, body: unknown, contentType = "application/json"): { success: boolean; error?: unknown } => {
    const response = doc.paths[path]?.[method]?.responses?.[String(status)];
    const schema = response?.content?.[contentType]?.schema;
    if (!schema) return { success: false, error: `no ${contentType} schema for ${method.toUpperCase()} ${path} ${status}` };
    const validator = z.fromJSONSchema({ ...(rebase(schema) as object), $defs: defs } as Parameters<typeof z.fromJSONSchema>[0]);
    const result = validator.safeParse(body);
    return result.success ? { success: true } : { success: false, error: result.error.issues.slice(0, 5) };
  };
}
