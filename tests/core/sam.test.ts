import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Sam, samEpsilon } from '../../src/core/optim/sam';
import { Sgd } from '../../src/core/optim/sgd';

const G = [
  [0.3, -1.2, 0.0, 2.5],
  [-0.7, 0.05],
];
const norm = (v: number[], p: number) =>
  Math.pow(
    v.reduce((s, x) => s + Math.pow(Math.abs(x), p), 0),
    1 / p,
  );
const flat = (ts: tf.Tensor[]) => ts.flatMap((t) => Array.from(t.dataSync()));

function eps(rho: number, p: number, weights?: number[][]): number[] {
  return tf.tidy(() =>
    flat(
      samEpsilon(
        G.map((g) => tf.tensor1d(g)),
        rho,
        p,
        weights?.map((x) => tf.tensor1d(x)),
      ),
    ),
  );
}

describe('ε̂ of formula (2)', () => {
  const g = G.flat();
  it('p = 2 gives ρ·g/‖g‖₂', () => {
    const n = norm(g, 2);
    eps(0.05, 2).forEach((e, i) => expect(e).toBeCloseTo((0.05 * g[i]!) / n, 7));
  });

  it('p = ∞ gives ρ·sign(g)', () => {
    expect(eps(0.1, Infinity)).toEqual(g.map((x) => Math.fround(0.1 * Math.sign(x)) + 0));
  });

  it.each([1.5, 3, 7])('p = %s: ‖ε̂‖_p = ρ and ⟨ε̂, g⟩ = ρ‖g‖_q', (p) => {
    const q = p / (p - 1);
    const e = eps(0.2, p);
    expect(norm(e, p)).toBeCloseTo(0.2, 5);
    const inner = e.reduce((s, x, i) => s + x * g[i]!, 0);
    expect(inner).toBeCloseTo(0.2 * norm(g, q), 5);
  });

  it('general p near 2 agrees with the p = 2 closed form', () => {
    const a = eps(0.05, 2);
    const b = eps(0.05, 2.000001);
    b.forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 5));
  });

  it('adaptive (ASAM), p = 2: ε̂ = ρ·|w|²⊙g / ‖|w|⊙g‖₂', () => {
    const w = [
      [1, 2, -3, 0.5],
      [-1, 4],
    ];
    const wf = w.flat();
    const tg = g.map((x, i) => Math.abs(wf[i]!) * x);
    const n = norm(tg, 2);
    eps(0.5, 2, w).forEach((e, i) => expect(e).toBeCloseTo((0.5 * wf[i]! * wf[i]! * g[i]!) / n, 6));
  });

  it('a zero gradient gives ε̂ = 0 for every p', () => {
    for (const p of [2, Infinity, 3]) {
      tf.tidy(() => {
        expect(Array.from(samEpsilon([tf.zeros([3])], 0.05, p)[0]!.dataSync())).toEqual([0, 0, 0]);
      });
    }
  });
});

describe('one SAM step on L(w) = ½ wᵀAw', () => {
  it('equals the closed form w − η·A(w + ρ·Aw/‖Aw‖)', () => {
    const A = [
      [3, 1, 0],
      [1, 2, 0.5],
      [0, 0.5, 1],
    ];
    const w0 = [0.5, -1, 2];
    const eta = 0.1;
    const rho = 0.05;
    const mv = (v: number[]) => A.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));
    const g = mv(w0);
    const gn = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
    const gSam = mv(w0.map((x, i) => x + (rho * g[i]!) / gn));
    const expected = w0.map((x, i) => x - eta * gSam[i]!);

    const w = tf.variable(tf.tensor1d(w0));
    const At = tf.tensor2d(A);
    const grad = () => [tf.tidy(() => tf.matMul(At, tf.reshape(w, [3, 1])).reshape([3]))];
    const sam = new Sam([w], new Sgd([w], { momentum: 0, weightDecay: 0 }), { rho, p: 2, adaptive: false });
    const grads: tf.Tensor[] = [];
    try {
      // Not inside tf.tidy: firstStep keeps its copy of w until secondStep.
      const g1 = grad();
      grads.push(...g1);
      sam.firstStep(g1);
      const g2 = grad();
      grads.push(...g2);
      sam.secondStep(g2, eta);
      Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 6));
    } finally {
      sam.dispose();
      tf.dispose([...grads, w, At]);
    }
  });

  it('restores w bit-exactly before the base step', () => {
    const start = new Float32Array([0.1234567, -7.654321, 3.3333333]);
    const w = tf.variable(tf.tensor1d(start));
    const sam = new Sam([w], new Sgd([w], { momentum: 0, weightDecay: 0 }), { rho: 0.3, p: Infinity, adaptive: false });
    const g = [tf.tensor1d([1, -2, 3])];
    try {
      sam.firstStep(g);
      expect(Array.from(w.dataSync())).not.toEqual(Array.from(start));
      sam.restore();
      expect(Array.from(w.dataSync())).toEqual(Array.from(start));
    } finally {
      sam.dispose();
      tf.dispose([...g, w]);
    }
  });
});
