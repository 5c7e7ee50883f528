import { NUM_TEMPLATES } from "./features.ts";
import { NUM_LABELS } from "./labels.ts";
import { SequenceModel } from "./sequence-model.ts";

const L = NUM_LABELS;

/** One training sentence: its features (from FeatureExtractor.extract) and gold label indices. */
export interface TrainingExample {
  feats: Uint32Array;
  gold: Uint8Array;
}

/**
 * Structured averaged perceptron (Collins 2002) with lazy averaging, so an update costs only the
 * features it touches.
 */
export class PerceptronTrainer {
  readonly model: SequenceModel;
  private readonly weights: Float32Array;
  private readonly wSum: Float64Array;
  private readonly wStamp: Float64Array;
  private readonly tSum: Float64Array;
  private readonly tStamp: Float64Array;
  private step = 1;

  constructor(language: string, bits: number, templates = NUM_TEMPLATES) {
    this.model = SequenceModel.empty(language, bits, templates);
    this.weights = new Float32Array(this.model.weights.length);
    this.model = new SequenceModel(this.model.meta, this.weights, this.model.transitions);
    this.wSum = new Float64Array(this.model.weights.length);
    this.wStamp = new Float64Array(this.model.weights.length);
    this.tSum = new Float64Array(this.model.transitions.length);
    this.tStamp = new Float64Array(this.model.transitions.length);
  }

  private bump(w: Float32Array, sum: Float64Array, stamp: Float64Array, k: number, delta: number): void {
    sum[k] = (sum[k] ?? 0) + (this.step - (stamp[k] ?? 0)) * (w[k] ?? 0);
    stamp[k] = this.step;
    w[k] = (w[k] ?? 0) + delta;
  }

  /** Decodes one example and updates towards gold where the prediction differs. @returns errors made. */
  train(ex: TrainingExample): number {
    const n = ex.gold.length;
    const m = this.model;
    const pred = m.decode(m.emissions(ex.feats, n), n);
    let errors = 0;
    for (let i = 0; i < n; i++) {
      const g = ex.gold[i] ?? 0;
      const p = pred[i] ?? 0;
      const gPrev = i === 0 ? L : (ex.gold[i - 1] ?? 0);
      const pPrev = i === 0 ? L : (pred[i - 1] ?? 0);
      if (g !== p) {
        errors++;
        for (let f = 0; f < m.templates; f++) {
          const b = ((ex.feats[i * NUM_TEMPLATES + f] ?? 0) & m.mask) * L;
          this.bump(this.weights, this.wSum, this.wStamp, b + g, 1);
          this.bump(this.weights, this.wSum, this.wStamp, b + p, -1);
        }
      }
      if (g !== p || gPrev !== pPrev) {
        this.bump(m.transitions, this.tSum, this.tStamp, gPrev * L + g, 1);
        this.bump(m.transitions, this.tSum, this.tStamp, pPrev * L + p, -1);
      }
    }
    this.step++;
    return errors;
  }

  /** The averaged model (a copy; training can continue on the raw weights). */
  averaged(): SequenceModel {
    const m = this.model;
    const avg = (w: Float32Array, sum: Float64Array, stamp: Float64Array): Float32Array => {
      const out = new Float32Array(w.length);
      for (let k = 0; k < w.length; k++) {
        const total = (sum[k] ?? 0) + (this.step - (stamp[k] ?? 0)) * (w[k] ?? 0);
        out[k] = total / this.step;
      }
      return out;
    };
    return new SequenceModel({ ...m.meta }, avg(this.weights, this.wSum, this.wStamp), avg(m.transitions, this.tSum, this.tStamp));
  }
}
