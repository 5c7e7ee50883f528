/** Deterministic pseudo-random article text for load tests: distinct enough not to be near-duplicates. */
const WORDS =
  "government minister council city region river market company union court police army school hospital farmers workers students election budget report village bridge harbour airport museum festival storm energy water railway factory bank museum journal trial vote border treaty summit coast forest valley island mountain province capital village district committee agency ministry parliament senate mayor judge doctor teacher engineer driver pilot artist writer singer player coach team league season match goal record price rate tax wage loan debt plan law rule deal talks protest strike crisis drought flood fire quake harvest export import growth output demand supply".split(
    " ",
  );

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function bulkParagraphs(seed: number, paragraphs = 5, words = 45): string[] {
  const next = rng(seed * 7919 + 17);
  return Array.from({ length: paragraphs }, () => {
    const w = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)] ?? "news");
    const text = w.join(" ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)} (item ${seed}).`;
  });
}
