import { gunzipSync, gzipSync } from "node:zlib";
import { NUM_TEMPLATES } from "./features.ts";
import { allowedTransition, LABELS, NUM_LABELS } from "./labels.ts";

const L = NUM_LABELS;
const MAGIC = "VGNER1\n";

/** Thrown when a weight file cannot be read. */
export class ModelFormatError extends Error {
  override name = "ModelFormatError";
}

/** Metadata stored with the weights. */
export interface ModelMeta {
  language: string;
  bits: number;
  templates: number;
  labels: readonly string[];
  /** Free-form provenance: corpora, epochs, scores. */
  training: Record<string, unknown>;
}

/**
 * Linear-chain model: hashed feature weights per label plus label-bigram transition weights,
 * decoded with Viterbi under BIO constraints.
 */
export class SequenceModel {
  readonly mask: number;
  /** Multiplier applied to summed weights (1 for float weights). */
  readonly scale: number;
  /**
   * Templates this model reads: the first `templates` of the extractor's {@link NUM_TEMPLATES} per
   * token. Templates are only ever appended, so weights trained on fewer of them stay valid.
   */
  readonly templates: number;

  constructor(
    readonly meta: ModelMeta,
    /**
     * `2^bits × NUM_LABELS` weights, bucket-major: float while training, int8 × `scale` once loaded
     * (a quarter of the memory, so far fewer cache misses on lookups).
     */
    readonly weights: Float32Array | Int8Array,
    /** `(NUM_LABELS + 1) × NUM_LABELS`; the last row holds start-of-sentence transitions. */
    readonly transitions: Float32Array,
    scale = 1,
  ) {
    this.mask = (1 << meta.bits) - 1;
    this.scale = scale;
    this.templates = meta.templates;
  }

  /** @param templates how many of the feature templates to use, counted from the first (default all). */
  static empty(language: string, bits: number, templates = NUM_TEMPLATES): SequenceModel {
    if (!Number.isInteger(templates) || templates < 1 || templates > NUM_TEMPLATES) throw new RangeError(`templates must be 1–${NUM_TEMPLATES}`);
    const meta: ModelMeta = { language, bits, templates, labels: LABELS, training: {} };
    return new SequenceModel(meta, new Float32Array((1 << bits) * L), new Float32Array((L + 1) * L));
  }

  /** Per-token label scores, `n × NUM_LABELS`. */
  emissions(feats: Uint32Array, n: number): Float32Array {
    const out = new Float32Array(n * L);
    const w = this.weights;
    const mask = this.mask;
    const used = this.templates;
    const acc = new Float64Array(L);
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      const fo = i * NUM_TEMPLATES;
      for (let f = 0; f < used; f++) {
        const b = ((feats[fo + f] ?? 0) & mask) * L;
        for (let l = 0; l < L; l++) acc[l] = (acc[l] ?? 0) + (w[b + l] ?? 0);
      }
      for (let l = 0; l < L; l++) out[i * L + l] = (acc[l] ?? 0) * this.scale;
    }
    return out;
  }

  /** Best label sequence under BIO constraints. */
  decode(emissions: Float32Array, n: number): Uint8Array {
    const labels = new Uint8Array(n);
    if (n === 0) return labels;
    const t = this.transitions;
    const score = new Float64Array(n * L);
    const back = new Uint8Array(n * L);
    for (let l = 0; l < L; l++) {
      score[l] = allowedTransition(0, l) ? (emissions[l] ?? 0) + (t[L * L + l] ?? 0) : -Infinity;
    }
    for (let i = 1; i < n; i++) {
      for (let l = 0; l < L; l++) {
        let best = -Infinity;
        let arg = 0;
        for (let p = 0; p < L; p++) {
          if (!allowedTransition(p, l)) continue;
          const s = (score[(i - 1) * L + p] ?? -Infinity) + (t[p * L + l] ?? 0);
          if (s > best) {
            best = s;
            arg = p;
          }
        }
        score[i * L + l] = best + (emissions[i * L + l] ?? 0);
        back[i * L + l] = arg;
      }
    }
    let best = -Infinity;
    let arg = 0;
    for (let l = 0; l < L; l++) {
      const s = score[(n - 1) * L + l] ?? -Infinity;
      if (s > best) {
        best = s;
        arg = l;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      labels[i] = arg;
      arg = back[i * L + arg] ?? 0;
    }
    return labels;
  }

  /**
   * Serialises as gzip of: magic, JSON header line, int8 weights quantised with one scale, float32 transitions.
   * Most buckets are never hit by a feature and stay zero, which makes the file compress well.
   */
  serialise(): Buffer {
    let q: Int8Array;
    let scale = this.scale;
    if (this.weights instanceof Int8Array) q = this.weights;
    else {
      let max = 0;
      for (const v of this.weights) max = Math.max(max, Math.abs(v));
      scale = max > 0 ? max / 127 : 1;
      q = new Int8Array(this.weights.length);
      for (let i = 0; i < q.length; i++) q[i] = Math.round((this.weights[i] ?? 0) / scale);
    }
    const header = Buffer.from(`${MAGIC}${JSON.stringify({ ...this.meta, scale })}\n`, "utf8");
    const trans = Buffer.from(this.transitions.buffer, this.transitions.byteOffset, this.transitions.byteLength);
    return gzipSync(Buffer.concat([header, Buffer.from(q.buffer), trans]), { level: 9 });
  }

  static deserialise(data: Uint8Array): SequenceModel {
    const raw = gunzipSync(data);
    if (raw.subarray(0, MAGIC.length).toString("utf8") !== MAGIC) throw new ModelFormatError("not a vigie NER weight file");
    const nl = raw.indexOf(10, MAGIC.length);
    const parsed: unknown = JSON.parse(raw.subarray(MAGIC.length, nl).toString("utf8"));
    const meta = parsed as ModelMeta & { scale: number };
    if (!Number.isInteger(meta.templates) || meta.templates < 1 || meta.templates > NUM_TEMPLATES || meta.labels.join() !== LABELS.join()) {
      throw new ModelFormatError("weight file was built for another feature set");
    }
    const size = (1 << meta.bits) * L;
    const body = raw.subarray(nl + 1);
    if (body.length !== size + (L + 1) * L * 4) throw new ModelFormatError("truncated weight file");
    const weights = new Int8Array(body.buffer, body.byteOffset, size);
    const transitions = new Float32Array(Uint8Array.from(body.subarray(size)).buffer);
    const { scale, ...rest } = meta;
    return new SequenceModel(rest, weights, transitions, scale);
  }
}
