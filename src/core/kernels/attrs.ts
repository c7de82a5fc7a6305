/** The attributes tfjs passes to the pooling and convolution-gradient kernels (their kernel registry is untyped). */
import type * as tf from '@tensorflow/tfjs';

export interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Conv2DBackpropFilter's attributes. */
export interface FilterGradAttrs extends ConvGradAttrs {
  filterShape: [number, number, number, number];
}

/** Conv2D's attributes. */
export interface ConvAttrs extends ConvGradAttrs {
  dilations: [number, number] | number;
}

/** Conv2DBackpropInput's attributes. */
export interface InputGradAttrs extends ConvGradAttrs {
  inputShape: [number, number, number, number];
}
