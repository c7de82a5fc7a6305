/**
 * The lecture's formulas as TeX, named once and typeset by `Formula`
 * (KaTeX). A formula that two panels show is one constant here, so the
 * panels cannot drift apart.
 */

/**
 * SWA's running average (Algorithm 1): at the end of every cycle, mod(i, c) = 0,
 * the iterate w joins the n_models models already averaged.
 */
export const SWA_AVERAGE_TEX = String.raw`w_{\mathrm{SWA}} \leftarrow \frac{w_{\mathrm{SWA}}\cdot n_{\mathrm{models}} + w}{n_{\mathrm{models}} + 1}`;

/**
 * SAM's step on the 2D toy, with g the (noisy) gradient at w: ε̂ from formula (2)
 * of the SAM paper (1/p + 1/q = 1), then the gradient at w + ε̂ moves w itself.
 */
export const TOY_SAM_STEP_TEX = String.raw`\hat\epsilon(w) = \rho\,\frac{\operatorname{sign}(g)\,|g|^{q-1}}{(\|g\|_q^q)^{1/p}},\quad w \leftarrow w - \eta\,\nabla L\big|_{w+\hat\epsilon(w)}`;

/**
 * The toy's sharpness at a solution w*: the exact 2×2 Hessian, its eigenvalues
 * in closed form, and the loss along a ray w* + t·d.
 */
export const TOY_HESSIAN_TEX = String.raw`\nabla^2 L(w^*) = \begin{pmatrix} \partial_{xx}L & \partial_{xy}L\\ \partial_{xy}L & \partial_{yy}L\end{pmatrix},\quad \lambda_{1,2} = \tfrac{\partial_{xx}L+\partial_{yy}L}{2} \pm \sqrt{\big(\tfrac{\partial_{xx}L-\partial_{yy}L}{2}\big)^2 + (\partial_{xy}L)^2},\qquad L(w^* + t\,d)`;
