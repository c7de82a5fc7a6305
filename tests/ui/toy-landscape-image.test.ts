import { describe, expect, it } from 'vitest';
import { landscapeExtent, landscapePixels, viridis } from '../../src/ui/toy/landscape-image';

describe('the landscape image under the toy’s contour', () => {
  it('is coloured by plotly’s Viridis, from the grid’s minimum (#440154) to the top (#fde725), clamped', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(2)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(-1)).toEqual([0x44, 0x01, 0x54]);
    // Half way between the stops at 0.5019… (#21918c) and 0.5647… (#1fa088).
    const mid = (0.5019607843137255 + 0.5647058823529412) / 2;
    expect(viridis(mid)).toEqual([Math.round((0x21 + 0x1f) / 2), Math.round((0x91 + 0xa0) / 2), Math.round((0x8c + 0x88) / 2)]);
  });

  it('puts the largest y in the top row, one pixel per grid point', () => {
    // z[j][i] at (xs[i], ys[j]): the minimum at the bottom left, the top value at the top right.
    const grid = {
      xs: [0, 1, 2],
      ys: [10, 20],
      z: [
        [-1, 0, 0],
        [0, 0, 2],
      ],
    };
    const { width, height, rgba } = landscapePixels(grid, 1);
    expect([width, height]).toEqual([3, 2]);
    const pixel = (r: number, c: number) => [...rgba.slice(4 * (r * width + c), 4 * (r * width + c) + 4)];
    expect(pixel(1, 0)).toEqual([0x44, 0x01, 0x54, 255]);
    expect(pixel(0, 2)).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(pixel(0, 0)).toEqual([...viridis(0.5), 255]);
  });

  it('lies over the grid with each pixel centred on its point', () => {
    expect(landscapeExtent({ xs: [0, 1, 2], ys: [10, 20], z: [] })).toEqual({ x: -0.5, y: 25, sizex: 3, sizey: 20 });
  });
});
