import path from 'node:path';
import { UserError } from '../types.js';
import type { Embedder } from './embedder.js';

/**
 * An embedder on a transformers.js (`@huggingface/transformers`) feature-extraction model, by default
 * `Xenova/multilingual-e5-small`: tokenise (truncated to the model's max length), run the ONNX model,
 * mean-pool the token vectors over the attention mask, L2-normalise.
 *
 * e5 models are trained with `query: ` / `passage: ` prefixes; both are options.
 *
 * Loading is async (`TransformersEmbedder.create`). Every loading failure (no network, missing files,
 * broken files, no ONNX Runtime for this platform) becomes `UserError('MODEL_UNAVAILABLE', ...)` with one
 * paragraph saying which model, where it looked, why, and how to fix it (naming the project's settings
 * EMBEDDER, LOCAL_MODEL_PATH, MODEL_CACHE_DIR, ALLOW_REMOTE_MODELS). The library's own console output
 * (and ONNX Runtime's, via `env.logLevel`) is silenced unless `verbose` is set.
 *
 * transformers.js keeps its settings (`env.localModelPath`, `env.cacheDir`, `env.allowRemoteModels`,
 * `env.remoteHost`, `env.logLevel`) in one process-wide object; `create` sets them from the options
 * before loading. Two embedders with different folders in one process are fine as long as they are not
 * created concurrently.
 */

export const DEFAULT_TRANSFORMERS_MODEL = 'Xenova/multilingual-e5-small';
export const DEFAULT_DTYPE: TransformersDtype = 'q8';
/**
 * Texts per model call. Measured with the e5-small-shaped model (`npm run bench`, 2 cores): batches of 4–8
 * embedded 1.5–3× more chunks a second than 16 or 32, whose activations no longer fit the caches.
 */
export const DEFAULT_BATCH_SIZE = 8;
export const DEFAULT_QUERY_PREFIX = 'query: ';
export const DEFAULT_PASSAGE_PREFIX = 'passage: ';
/** Used when neither the tokenizer nor the model config states a maximum length. */
const FALLBACK_MAX_LENGTH = 512;

export type TransformersDtype =
  | 'auto'
  | 'fp32'
  | 'fp16'
  | 'q8'
  | 'int8'
  | 'uint8'
  | 'q4'
  | 'q4f16'
  | 'bnb4';

export interface TransformersEmbedderOptions {
  /** Hub model id (or a folder name under `localModelPath`); default `Xenova/multilingual-e5-small`. */
  model?: string;
  /** Weight precision; default `q8` (`onnx/model_quantized.onnx`). Node's library default would be fp32. */
  dtype?: TransformersDtype;
  /** Where downloaded models are cached (`env.cacheDir`). Default: the library's own `.cache` folder. */
  cacheDir?: string;
  /** Folder holding `<model id>/config.json` etc. for models installed by hand (`env.localModelPath`). */
  localModelPath?: string;
  /** Whether files may be downloaded from the hub (`env.allowRemoteModels`); default true. */
  allowRemoteModels?: boolean;
  /** Hub address (`env.remoteHost`), e.g. a mirror; default the library's (https://huggingface.co/). */
  remoteHost?: string;
  /** Texts per model call; default 8 (`DEFAULT_BATCH_SIZE`). */
  batchSize?: number;
  /** Prepended to questions; default `query: ` (e5 convention). */
  queryPrefix?: string;
  /** Prepended to documents; default `passage: ` (e5 convention). */
  passagePrefix?: string;
  /** Token limit per text (longer inputs are truncated). Default: the tokenizer's / model's maximum. */
  maxLength?: number;
  /** Let transformers.js and ONNX Runtime print their warnings to the console; default false. */
  verbose?: boolean;
  /** Download / load progress from transformers.js (`status` is e.g. `download`, `progress`, `done`). */
  onLoadProgress?: (event: { status: string; file?: string; progress?: number; loaded?: number; total?: number }) => void;
}

export type EmbeddingSide = 'query' | 'passage';

/** The few parts of transformers.js objects this module uses. */
interface TensorLike {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint>;
  to?(type: string): TensorLike;
}
interface TokenizerLike {
  (texts: string[], options: { padding: boolean; truncation: boolean; max_length: number }): Record<string, TensorLike>;
  tokenize(text: string, options?: { add_special_tokens?: boolean }): string[];
  readonly model_max_length?: number;
}
interface ModelLike {
  (inputs: Record<string, TensorLike>): Promise<Record<string, TensorLike | undefined>>;
  readonly config?: { max_position_embeddings?: unknown };
  dispose(): Promise<unknown>;
}

/** Where a load looked, for the error message. */
interface LoadContext {
  model: string;
  dtype: TransformersDtype;
  localDir: string;
  /** LOCAL_MODEL_PATH was set: otherwise the local folder is the library's own, inside node_modules, and not worth naming. */
  localModelPathSet: boolean;
  cacheDir: string | null;
  allowRemoteModels: boolean;
  remoteHost: string;
}

export class TransformersEmbedder implements Embedder {
  readonly id: string;
  readonly model: string;
  readonly dtype: TransformersDtype;
  readonly dimensions: number;
  readonly maxLength: number;
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  private readonly batchSize: number;
  private readonly tokenizer: TokenizerLike;
  private readonly network: ModelLike;

  private constructor(args: {
    model: string;
    dtype: TransformersDtype;
    dimensions: number;
    maxLength: number;
    queryPrefix: string;
    passagePrefix: string;
    batchSize: number;
    tokenizer: TokenizerLike;
    network: ModelLike;
  }) {
    this.model = args.model;
    this.id = `transformers:${args.model}`;
    this.dtype = args.dtype;
    this.dimensions = args.dimensions;
    this.maxLength = args.maxLength;
    this.queryPrefix = args.queryPrefix;
    this.passagePrefix = args.passagePrefix;
    this.batchSize = args.batchSize;
    this.tokenizer = args.tokenizer;
    this.network = args.network;
  }

  /** Loads the tokenizer and model; throws `UserError('MODEL_UNAVAILABLE')` when that is not possible. */
  static async create(options: TransformersEmbedderOptions = {}): Promise<TransformersEmbedder> {
    const model = options.model ?? DEFAULT_TRANSFORMERS_MODEL;
    const dtype = options.dtype ?? DEFAULT_DTYPE;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new UserError('BAD_ARGUMENT', `The embedding batch size must be a positive integer, got ${batchSize}.`);
    }
    if (options.maxLength !== undefined && (!Number.isInteger(options.maxLength) || options.maxLength < 2)) {
      throw new UserError('BAD_ARGUMENT', `The embedding max length must be an integer ≥ 2, got ${options.maxLength}.`);
    }

    let library: typeof import('@huggingface/transformers');
    try {
      library = await import('@huggingface/transformers');
    } catch (error) {
      throw new UserError(
        'MODEL_UNAVAILABLE',
        `The embedding model "${model}" cannot be used because transformers.js or ONNX Runtime failed to load on this machine ` +
          `(${withoutLibraryPaths(firstLine(error))}). Set EMBEDDER=hashing to use the model-free embedder instead.`,
      );
    }
    const { env, LogLevel, AutoTokenizer, AutoModel } = library;

    env.logLevel = options.verbose ? LogLevel.WARNING : LogLevel.NONE;
    env.allowLocalModels = true;
    env.allowRemoteModels = options.allowRemoteModels ?? true;
    if (options.localModelPath !== undefined) env.localModelPath = withTrailingSlash(path.resolve(options.localModelPath));
    const cacheDir = options.cacheDir === undefined ? undefined : withTrailingSlash(path.resolve(options.cacheDir));
    if (cacheDir !== undefined) env.cacheDir = cacheDir;
    if (options.remoteHost !== undefined) env.remoteHost = withTrailingSlash(options.remoteHost);

    const context: LoadContext = {
      model,
      dtype,
      localDir: path.join(env.localModelPath, model),
      localModelPathSet: options.localModelPath !== undefined,
      cacheDir: env.cacheDir,
      allowRemoteModels: env.allowRemoteModels,
      remoteHost: env.remoteHost,
    };
    const loadOptions = {
      local_files_only: !env.allowRemoteModels,
      ...(cacheDir !== undefined ? { cache_dir: cacheDir } : {}),
      ...(options.onLoadProgress ? { progress_callback: options.onLoadProgress } : {}),
    };

    let tokenizer: TokenizerLike;
    let network: ModelLike;
    try {
      // The model first: a missing config.json gives a clear "file not found", whereas a missing
      // tokenizer_config.json makes the tokenizer constructor fail obscurely.
      network = (await AutoModel.from_pretrained(model, { ...loadOptions, dtype })) as unknown as ModelLike;
    } catch (error) {
      throw modelUnavailable(context, error);
    }
    try {
      tokenizer = (await AutoTokenizer.from_pretrained(model, loadOptions)) as unknown as TokenizerLike;
    } catch (error) {
      await network.dispose().catch(() => undefined);
      // Without tokenizer_config.json the library fails with a bare TypeError; say what is wrong instead.
      const cause =
        error instanceof TypeError
          ? new Error(`tokenizer.json or tokenizer_config.json is missing or invalid: ${firstLine(error)}`, { cause: error })
          : error;
      throw modelUnavailable(context, cause);
    }

    const maxLength = options.maxLength ?? inferMaxLength(tokenizer, network);
    const args = {
      model,
      dtype,
      maxLength,
      queryPrefix: options.queryPrefix ?? DEFAULT_QUERY_PREFIX,
      passagePrefix: options.passagePrefix ?? DEFAULT_PASSAGE_PREFIX,
      batchSize,
      tokenizer,
      network,
    };
    // Dimensions come from the model's actual output, not from config.json.
    let dimensions: number;
    try {
      const [probe] = await runBatch(tokenizer, network, ['probe'], maxLength);
      dimensions = probe!.length;
    } catch (error) {
      await network.dispose().catch(() => undefined);
      throw modelUnavailable(context, error);
    }
    return new TransformersEmbedder({ ...args, dimensions });
  }

  /** The tokens the model sees for `text` on the given side (prefix included, special tokens excluded). */
  tokenize(text: string, side: EmbeddingSide): string[] {
    return this.tokenizer.tokenize(this.prepare(text, side));
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    return this.embedAll(
      texts.map((t) => this.prepare(t, 'passage')),
      onProgress,
    );
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.embedAll([this.prepare(text, 'query')]);
    return vector!;
  }

  async dispose(): Promise<void> {
    await this.network.dispose();
  }

  private prepare(text: string, side: EmbeddingSide): string {
    return (side === 'query' ? this.queryPrefix : this.passagePrefix) + text.normalize('NFC');
  }

  /** Batches texts of similar length together (less padding), then restores the input order. */
  private async embedAll(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length || a - b);
    const out: Float32Array[] = new Array(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      const vectors = await runBatch(
        this.tokenizer,
        this.network,
        indices.map((i) => texts[i]!),
        this.maxLength,
      );
      indices.forEach((index, k) => {
        out[index] = vectors[k]!;
      });
      onProgress?.(Math.min(start + this.batchSize, texts.length), texts.length);
    }
    if (texts.length === 0) onProgress?.(0, 0);
    return out;
  }
}

/** Tokenise, run, pool, normalise one batch. */
async function runBatch(tokenizer: TokenizerLike, network: ModelLike, texts: string[], maxLength: number): Promise<Float32Array[]> {
  const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: maxLength });
  const outputs = await network(inputs);
  const tokens = outputs['last_hidden_state'] ?? outputs['token_embeddings'];
  if (tokens && tokens.dims.length === 3) {
    const mask = inputs['attention_mask'];
    if (!mask) throw new Error('the tokenizer returned no attention_mask');
    return meanPoolNormalize(tokens, mask);
  }
  const pooled = outputs['sentence_embedding'];
  if (pooled && pooled.dims.length === 2) return splitNormalize(pooled);
  throw new Error(`the model has no last_hidden_state output (outputs: ${Object.keys(outputs).join(', ')})`);
}

function floatData(tensor: TensorLike): ArrayLike<number> {
  const asFloat = tensor.type === 'float32' ? tensor : tensor.to ? tensor.to('float32') : tensor;
  return asFloat.data as ArrayLike<number>;
}

/**
 * Mean of the token vectors where the attention mask is 1, then L2-normalised. Kept by hand rather than the library's
 * `mean_pooling`: that sums in the output's storage type (for fp16 models on Node 20, which has no Float16Array,
 * raw 16-bit words) and takes only its own Tensors.
 */
function meanPoolNormalize(tokens: TensorLike, mask: TensorLike): Float32Array[] {
  const [batch, seq, dim] = tokens.dims as [number, number, number];
  const data = floatData(tokens);
  const maskData = mask.data;
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float64Array(dim);
    let count = 0;
    for (let s = 0; s < seq; s++) {
      if (Number(maskData[b * seq + s]) === 0) continue;
      count++;
      const base = (b * seq + s) * dim;
      for (let d = 0; d < dim; d++) sum[d]! += data[base + d]!;
    }
    out.push(normalize(sum, count));
  }
  return out;
}

function splitNormalize(pooled: TensorLike): Float32Array[] {
  const [batch, dim] = pooled.dims as [number, number];
  const data = floatData(pooled);
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const row = new Float64Array(dim);
    for (let d = 0; d < dim; d++) row[d] = data[b * dim + d]!;
    out.push(normalize(row, 1));
  }
  return out;
}

function normalize(sum: Float64Array, count: number): Float32Array {
  const out = new Float32Array(sum.length);
  if (count === 0) return out;
  let norm = 0;
  for (let d = 0; d < sum.length; d++) norm += sum[d]! * sum[d]!;
  if (norm === 0) return out;
  const inv = 1 / Math.sqrt(norm);
  for (let d = 0; d < sum.length; d++) out[d] = sum[d]! * inv;
  return out;
}

function inferMaxLength(tokenizer: TokenizerLike, network: ModelLike): number {
  const limits: number[] = [];
  const fromTokenizer = tokenizer.model_max_length;
  if (typeof fromTokenizer === 'number' && Number.isFinite(fromTokenizer) && fromTokenizer > 1 && fromTokenizer < 1e7) {
    limits.push(fromTokenizer);
  }
  const fromConfig = network.config?.max_position_embeddings;
  if (typeof fromConfig === 'number' && fromConfig > 1) limits.push(fromConfig);
  return limits.length > 0 ? Math.min(...limits) : FALLBACK_MAX_LENGTH;
}

function withTrailingSlash(p: string): string {
  return p.endsWith('/') || p.endsWith(path.sep) ? p : `${p}/`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** The network error code inside `error` (fetch wraps it in `cause`), if it is a network failure. */
function networkFailure(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const inner = (current as Error & { errors?: unknown }).errors; // AggregateError (IPv4 and IPv6 attempts)
    if (Array.isArray(inner)) {
      const innerCode = inner.map((e: { code?: unknown } | undefined) => e?.code).find((c) => typeof c === 'string');
      if (typeof innerCode === 'string' && NETWORK_CODES.has(innerCode)) return innerCode;
    }
    const cause = (current as Error & { cause?: unknown }).cause;
    if (current.message === 'fetch failed' && !(cause instanceof Error)) return 'fetch failed';
    if (current.message === 'fetch failed' && cause instanceof Error) {
      const deeper = networkFailure(cause);
      return deeper ?? `fetch failed: ${cause.message}`;
    }
    current = cause;
  }
  return undefined;
}

/** A path into node_modules means nothing to a user (and is nothing to edit): its file name says enough. */
function withoutLibraryPaths(text: string): string {
  return text.replace(/[^\s"'()]*node_modules[^\s"'()]*/gu, (found) => path.basename(found));
}

function modelUnavailable(context: LoadContext, error: unknown): UserError {
  const { model, dtype, localDir, localModelPathSet, cacheDir, allowRemoteModels, remoteHost } = context;
  const isNotFound = error instanceof Error && error.name === 'ModelFileNotFoundError';
  const netCode = networkFailure(error);

  // transformers.js says "... file was not found locally at \"<path>\"": name the model's file, not the folder.
  const missingPath = /found locally at "([^"]+)"/.exec(error instanceof Error ? error.message : '')?.[1];
  const missingFile = missingPath?.split(/[\\/]/).join('/').split(`${model}/`).at(-1);
  const detail = missingFile ? `first missing file: ${missingFile}` : withoutLibraryPaths(firstLine(error));

  let reason: string;
  if (netCode) reason = `it is not downloaded yet and ${remoteHost} is unreachable (${netCode})`;
  else if (isNotFound && !allowRemoteModels) reason = `its files are missing and ALLOW_REMOTE_MODELS=false (${detail})`;
  else if (isNotFound) reason = `the hub has no such model or file (${detail})`;
  else reason = `its files are incomplete or unreadable (${detail})`;
  const looked = [localModelPathSet ? `${localDir} (LOCAL_MODEL_PATH)` : undefined, cacheDir ? `${cacheDir} (MODEL_CACHE_DIR)` : undefined].filter(Boolean);
  const where = looked.length ? ` Looked in ${looked.join(' and ')}.` : '';
  const fix = `Run once online (ALLOW_REMOTE_MODELS=true) to download it into MODEL_CACHE_DIR, or set LOCAL_MODEL_PATH to a folder holding ${model}/; EMBEDDER=hashing needs no model.`;
  const userError = new UserError(
    'MODEL_UNAVAILABLE',
    `The embedding model "${model}" (${dtype}) could not be loaded: ${reason}.${where} ${fix}`,
  );
  Object.defineProperty(userError, 'cause', { value: error, enumerable: false });
  return userError;
}
