/** Caption and credit detection: every credit form, and body text that must not be taken for one. */
import { describe, expect, it } from 'vitest';
import { matchCaption } from '../../src/parse/caption.js';

describe('matchCaption', () => {
  const credited: [string, string, string][] = [
    ['Li Qiang speaks in Moscow, Aug. 21, 2024. (Xinhua/Rao Aimin)', 'Li Qiang speaks in Moscow, Aug. 21, 2024.', 'Xinhua/Rao Aimin'],
    ['Fireworks over Paris. (Xinhua/Li Ming/Zhang Wei)', 'Fireworks over Paris.', 'Xinhua/Li Ming/Zhang Wei'],
    ['A panda rests. (Photo by Xue Yubin/Xinhua)', 'A panda rests.', 'Photo by Xue Yubin/Xinhua'],
    ['Smoke rises over the city. (AFP)', 'Smoke rises over the city.', 'AFP'],
    ['Giant panda cub plays. [Photo/Xinhua]', 'Giant panda cub plays.', 'Photo/Xinhua'],
    ['Li Ming / Xinhua | Visitors take pictures.', 'Visitors take pictures.', 'Li Ming / Xinhua'],
    ['Visitors take pictures. | Li Ming / Xinhua |', 'Visitors take pictures.', 'Li Ming / Xinhua'],
    ['President Biden speaks. (AP Photo/Evan Vucci)', 'President Biden speaks.', 'AP Photo/Evan Vucci'],
  ];
  for (const [input, caption, credit] of credited) {
    it(input, () => {
      expect(matchCaption(input)).toEqual({ caption, credit });
    });
  }

  it('leaves body text with brackets alone', () => {
    expect(matchCaption('The World Health Organization (WHO) said so (see above).')).toBeNull();
    expect(matchCaption('Growth reached 5.2 percent (2023/24)')).toBeNull();
    expect(matchCaption('Trains run at 350 km per hour (kilometers/hour)')).toBeNull();
    expect(matchCaption('The agency was founded in 1931 (as Red China)')).toBeNull();
  });
});
