/**
 * Per-layer sharpness: the top eigenvalues of each layer's diagonal block of
 * the Hessian. With P_B the P_B×P matrix that keeps a layer's coordinates
 * (w = [w₁ … w_L], one block per layer), the block is
 *
 *   H_BB = P_B H P_Bᵀ,    H_BB v_B = P_B · H · (P_Bᵀ v_B),
 *
 * i.e. embed v_B in a full vector that is zero outside the layer, apply H once
 * (one Hessian-vector product), keep the layer's entries. Lanczos on that
 * operator of order |B| gives λ_max(H_BB) directly.
 *
 * What λ_max(H_BB) is: the largest curvature of the loss along a direction
 * that moves one layer's parameters only, max over ‖v_B‖ = 1 of v_Bᵀ H_BB v_B.
 * What it is not: an eigenvalue of H, nor the layer's "share" of λ_max(H) —
 * H's top eigenvector in general moves every layer at once, and the
 * off-diagonal blocks H_AB (how one layer's move changes another's gradient)
 * appear in no block. Nor is it invariant under reparametrisation: scaling a
 * ReLU layer by α and the next by 1/α leaves the function unchanged and
 * scales the blocks by 1/α² and α².
 *
 * Bounds, with b blocks:
 * - Cauchy interlacing (a block is a compression of H): λ_max(H) ≥ λ_max(H_BB)
 *   for every B, so λ_max(H) ≥ max_B λ_max(H_BB).
 * - For positive semi-definite H, λ_max(H) ≤ Σ_B λ_max(H_BB): write H = GᵀG,
 *   G = [G₁ … G_b]; then vᵀHv = ‖Σ G_B v_B‖² ≤ (Σ ‖G_B v_B‖)²
 *   ≤ (Σ √λ_B ‖v_B‖)² ≤ (Σ λ_B)(Σ ‖v_B‖²) by Cauchy–Schwarz.
 * - For indefinite H (a ReLU net's Hessian has negative eigenvalues) that sum
 *   alone can fail ([[0, 1], [1, 0]] has zero blocks and λ_max = 1); applying
 *   the PSD bound to H + cI, c = max(0, −λ_min(H)), gives
 *   λ_max(H) ≤ Σ_B λ_max(H_BB) + (b − 1)·c.
 */
import { throwIfAborted } from '../cancel';
import type { ImageSet } from '../data/dataset';
import type { Weights } from '../models/convnet';
import { type ModelSpec, paramShapes } from '../models/spec';
import type { FlatVector } from '../params';
import { checkNumber } from '../validate';
import { HessianOperator } from './hvp';
import { lanczos } from './lanczos';
import type { SymmetricOperator } from './linalg';

/** One layer's parameters as a contiguous range [start, end) of the flat parameter vector. */
export interface LayerBlock {
  /** The layer's name: conv1, conv2, …, dense1, …, out. */
  name: string;
  /** The parameter tensors of the layer, in `paramShapes` order. */
  params: string[];
  start: number;
  end: number;
  /** end − start. */
  size: number;
}

/**
 * The layers of `spec` as blocks of the flat parameter vector. Each kernel
 * opens a layer; the tensors after it up to the next kernel belong to it: its
 * bias, or, with BatchNorm, the γ and β that follow the convolution (BN
 * replaces the conv's bias). The blocks partition [0, P) in order.
 */
export function layerBlocks(spec: ModelSpec): LayerBlock[] {
  const blocks: LayerBlock[] = [];
  let offset = 0;
  for (const p of paramShapes(spec)) {
    const n = p.shape.reduce((a, b) => a * b, 1);
    if (p.kind === 'kernel') blocks.push({ name: p.name.split('/')[0]!, params: [], start: offset, end: offset, size: 0 });
    const layer = blocks[blocks.length - 1]!;
    layer.params.push(p.name);
    layer.end += n;
    layer.size += n;
    offset += n;
  }
  return blocks;
}

/** H_BB = P_B H P_Bᵀ for one block of a symmetric operator H: one product with H per application. */
export class BlockOperator implements SymmetricOperator {
  readonly size: number;

  /** `full` is H itself (e.g. a `HessianOperator`); `block` must lie inside [0, full.size). */
  constructor(
    private readonly full: SymmetricOperator,
    readonly block: Pick<LayerBlock, 'start' | 'end'>,
  ) {
    checkNumber('block start', block.start, { min: 0, integer: true });
    checkNumber('block end', block.end, { min: block.start, minExclusive: true, max: full.size, integer: true });
    this.size = block.end - block.start;
  }

  /** P_B H P_Bᵀ x for x of length |B|. */
  async apply(x: FlatVector): Promise<FlatVector> {
    if (x.length !== this.size) throw new Error(`BlockOperator.apply: vector has ${x.length} entries, expected ${this.size}`);
    const embedded = new Float64Array(this.full.size);
    embedded.set(x, this.block.start);
    const y = await this.full.apply(embedded);
    return y.slice(this.block.start, this.block.end);
  }
}

export interface LayerSharpnessOptions {
  /** Top eigenvalues per block (default 1: λ_max only); at most the smallest layer's size. */
  k?: number;
  /** Lanczos relative residual tolerance (default 1e-3). */
  tol?: number;
  /** Most Hessian-vector products per block (default min(|B|, 100)). */
  maxIter?: number;
  seed?: number;
  /** Samples per chunk of the Hessian's evaluation set (default 256). */
  chunk?: number;
  /** λ of the L2 term λ‖w‖² (adds 2λ to every block's eigenvalues); default 0. */
  l2?: number;
  /** Called after every product with (layer name, products of this layer's solve, their maximum). */
  onProgress?: (layer: string, done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The top eigenvalues of one layer's block. */
export interface BlockSharpness {
  layer: LayerBlock;
  /** λ₁(H_BB) ≥ … ≥ λ_k(H_BB). */
  values: number[];
  /** Lanczos residual bounds: some eigenvalue of H_BB lies within residuals[i] of values[i]. */
  residuals: number[];
  /** Hessian-vector products of this block's solve (each a full product with H). */
  hvps: number;
  converged: boolean;
  seconds: number;
}

/** Throws, naming the option and its value, unless `o` is valid for blocks `blocks`. */
function validateOptions(o: LayerSharpnessOptions, blocks: readonly LayerBlock[]): void {
  const k = checkNumber('k', o.k ?? 1, { min: 1, integer: true });
  const smallest = blocks.reduce((a, b) => (b.size < a.size ? b : a));
  if (k > smallest.size) throw new RangeError(`k must be ≤ ${smallest.size} (the parameters of layer ${smallest.name}), got ${k}`);
  if (o.tol !== undefined) checkNumber('tol', o.tol, { min: 0, minExclusive: true, max: 1 });
  if (o.maxIter !== undefined) checkNumber('maxIter', o.maxIter, { min: k, integer: true });
  if (o.seed !== undefined) checkNumber('seed', o.seed, { integer: true });
  if (o.chunk !== undefined) checkNumber('chunk', o.chunk, { min: 1, integer: true });
  if (o.l2 !== undefined) checkNumber('l2', o.l2, { min: 0 });
}

/**
 * λ_max (or the top k) of every layer's block of the Hessian of the mean
 * training cross-entropy on `data.train` (+ λ‖w‖² when `l2` > 0) at
 * `weights` (read, never modified), one Lanczos solve per layer.
 */
export async function layerSharpness(
  spec: ModelSpec,
  weights: Weights,
  data: { train: ImageSet },
  options: LayerSharpnessOptions = {},
): Promise<BlockSharpness[]> {
  const blocks = layerBlocks(spec);
  validateOptions(options, blocks);
  throwIfAborted(options.signal, 'per-layer sharpness');
  const H = new HessianOperator(spec, weights, data.train, { chunk: options.chunk, l2: options.l2 });
  try {
    const out: BlockSharpness[] = [];
    for (const layer of blocks) {
      const t0 = performance.now();
      const r = await lanczos(new BlockOperator(H, layer), {
        k: options.k ?? 1,
        tol: options.tol,
        maxIter: options.maxIter,
        seed: options.seed,
        onProgress: (done, total) => options.onProgress?.(layer.name, done, total),
        signal: options.signal,
      });
      const seconds = (performance.now() - t0) / 1000;
      out.push({ layer, values: r.values, residuals: r.residuals, hvps: r.hvps, converged: r.converged, seconds });
    }
    return out;
  } finally {
    H.dispose();
  }
}
