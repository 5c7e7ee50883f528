/** item → cluster label. */
export type Clustering = ReadonlyMap<string, string>;

const groups = (c: Clustering): Map<string, Set<string>> => {
  const out = new Map<string, Set<string>>();
  for (const [item, label] of c) {
    let g = out.get(label);
    if (!g) out.set(label, (g = new Set()));
    g.add(item);
  }
  return out;
};

/** B-cubed precision, recall and F1 (Bagga & Baldwin 1998) of `predicted` against `gold`, over gold's items. */
export function bCubed(gold: Clustering, predicted: Clustering): { precision: number; recall: number; f1: number } {
  const goldGroups = groups(gold);
  const predictedGroups = groups(predicted);
  let precision = 0;
  let recall = 0;
  for (const [item, label] of gold) {
    const g = goldGroups.get(label) ?? new Set([item]);
    const pLabel = predicted.get(item);
    const p = pLabel === undefined ? new Set([item]) : (predictedGroups.get(pLabel) ?? new Set([item]));
    let both = 0;
    for (const other of p) if (gold.get(other) === label) both++;
    precision += both / p.size;
    recall += both / g.size;
  }
  const n = gold.size || 1;
  precision /= n;
  recall /= n;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Of the gold pairs in one story and in different languages, the share the prediction also puts together. */
export function crossLingualPairRecall(gold: Clustering, predicted: Clustering, language: ReadonlyMap<string, string>): { pairs: number; recall: number } {
  let pairs = 0;
  let found = 0;
  for (const members of groups(gold).values()) {
    const list = [...members];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] ?? "";
        const b = list[j] ?? "";
        if (language.get(a) === language.get(b)) continue;
        pairs++;
        if (predicted.get(a) !== undefined && predicted.get(a) === predicted.get(b)) found++;
      }
    }
  }
  return { pairs, recall: pairs === 0 ? 1 : found / pairs };
}
