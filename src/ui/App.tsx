/** Placeholder page until the lab's UI lands: says what exists today. */
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '3rem auto', lineHeight: 1.5 }}>
      <h1>Wide Optima Lab</h1>
      <p>
        <strong>Under construction.</strong> The numeric core (Fashion-MNIST and MNIST data, small convnets, SGD, SWA, FGE
        and SAM, the training loop) is in place and runs from the terminal:
      </p>
      <pre>npm run train -- --dataset fashion-mnist --optimizer sam --rho 0.05 --epochs 2</pre>
      <p>The browser lab (training live on WebGPU, sharpness and random rays side by side) comes next.</p>
    </main>
  );
}
