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

/** The per-batch training loss: the mean cross-entropy of the softmax over a batch B. */
export const BATCH_LOSS_TEX = String.raw`L_B(w) = -\frac{1}{|B|}\sum_{i\in B}\log \operatorname{softmax}(f(x_i; w))_{y_i}`;

/** Sharpness: the largest eigenvalue of the Hessian of the loss at w. */
export const SHARPNESS_TEX = String.raw`\lambda_{\max}\big(\nabla^2 L(w)\big)`;

/** SWA's cyclic learning rate: within each cycle of c iterations, t(i) runs from 1/c to 1 and α(i) from near α₁ down to α₂. */
export const SWA_CYCLIC_LR_TEX = String.raw`\begin{gathered}\alpha(i) = (1 - t(i))\,\alpha_1 + t(i)\,\alpha_2,\\ t(i) = \frac{\operatorname{mod}(i-1,\,c) + 1}{c}\end{gathered}`;

/** Why FGE and w_SWA agree to first order: the snapshots' deviations Δ_j from their average sum to zero. */
export const FGE_VS_SWA_TEX = String.raw`\begin{aligned}f_{\mathrm{FGE}} - f(w_{\mathrm{SWA}}) &= \tfrac{1}{n}\big\langle \nabla f(w_{\mathrm{SWA}}),\ \textstyle\sum_j \Delta_j \big\rangle + O(\|\Delta\|^2)\\ &= O(\|\Delta\|^2)\end{aligned}`;

/** A Hessian-vector product by double backprop, and the eigenpairs Lanczos finds from such products. */
export const HESSIAN_EIGEN_TEX = String.raw`H v = \nabla_w \big\langle \nabla_w L(w),\, v \big\rangle,\qquad H u_i = \lambda_i u_i`;

/** The spectral density, approximated by stochastic Lanczos quadrature as a sum of Gaussians at the Ritz values θ_j. */
export const EIGEN_DENSITY_TEX = String.raw`\phi(t) = \tfrac{1}{n}\sum_i \delta(t - \lambda_i) \approx \sum_j \tau_j\, \mathcal{N}(t;\ \theta_j,\ \sigma^2)`;

/** A random ray from a solution w along a direction d (the lecture's Figure 4): the test error (left chart) and the L2-regularised train loss (right) along it. */
export const RAYS_TEX = String.raw`\begin{gathered}w(t, d) = w + t\cdot d,\\ \operatorname{err}_{\mathrm{test}}\big(w(t,d)\big),\qquad L\big(w(t,d)\big) + \lambda \|w(t,d)\|^2\end{gathered}`;

/** The straight line between w_SGD (s = 0) and another solution (s = 1). */
export const INTERPOLATION_TEX = String.raw`w(s) = (1 - s)\, w_{\mathrm{SGD}} + s\, w_{\mathrm{other}}`;

/** The regularised loss on the plane through a solution w spanned by two directions d₁, d₂. */
export const LOSS_SURFACE_TEX = String.raw`L(w + a\, d_1 + b\, d_2) + \lambda\|w + a\,d_1 + b\,d_2\|^2`;

/** SAM's perturbation, formula (2) of the SAM paper (1/p + 1/q = 1), and the gradient taken at the perturbed point, formula (3). */
export const SAM_STEP_TEX = String.raw`\begin{gathered}\hat\epsilon(w) = \rho\,\frac{\operatorname{sign}(\nabla L)\,|\nabla L|^{q-1}}{\big(\|\nabla L\|_q^q\big)^{1/p}} \quad (2)\\ \nabla L^{\mathrm{SAM}} \approx \nabla L\big|_{w+\hat\epsilon(w)} \quad (3)\end{gathered}`;

/** SWA's idea: FGE averages the n snapshots' predictions (n forward passes), SWA averages their weights (one model). */
export const SWA_IDEA_TEX = String.raw`\begin{gathered}f_{\mathrm{FGE}}(x) = \frac{1}{n}\sum_{i=1}^{n} f(x;\, w_i)\\ f(x;\, w_{\mathrm{SWA}}),\quad w_{\mathrm{SWA}} = \frac{1}{n}\sum_{i=1}^{n} w_i\end{gathered}`;

/** SAM's objective: the worst loss in the ρ-neighbourhood of w, plus weight decay. */
export const SAM_OBJECTIVE_TEX = String.raw`\begin{gathered}\min_w\ L_S^{\mathrm{SAM}}(w) + \lambda\|w\|_2^2,\\ L_S^{\mathrm{SAM}}(w) = \max_{\|\epsilon\|_p \le \rho} L_S(w + \epsilon)\end{gathered}`;

/** One SAM update (the SAM paper's Figure 2): ascend to w_t + ε̂, take the batch gradient there, step from w_t. */
export const SAM_UPDATE_TEX = String.raw`\begin{aligned}g &= \nabla L_B(w_t), & \hat\epsilon &= \rho\,\frac{g}{\|g\|_2},\\ g_{\mathrm{SAM}} &= \nabla L_B(w_t + \hat\epsilon), & w_{t+1} &= w_t - \eta\, g_{\mathrm{SAM}}\end{aligned}`;

/**
 * Kendall's τ-b over the saved solutions' (measure, accuracy) pairs: P and Q count the concordant and discordant
 * pairs, n₀ = n(n − 1)/2, n₁ and n₂ the pairs tied in each variable.
 */
export const KENDALL_TAU_TEX = String.raw`\tau_b = \frac{P - Q}{\sqrt{(n_0 - n_1)(n_0 - n_2)}}`;

/** The plane through three weight vectors p₀, p₁, p₂ (issue 13, view 1): an orthonormal basis by Gram–Schmidt. */
export const PLANE_TEX = String.raw`\begin{gathered}w(a, b) = p_0 + a\,u + b\,v,\\ u = \frac{p_1 - p_0}{\|p_1 - p_0\|},\quad v = \frac{p_2 - p_0 - \langle p_2 - p_0,\,u\rangle\,u}{\|p_2 - p_0 - \langle p_2 - p_0,\,u\rangle\,u\|}\end{gathered}`;

/** A layer's block of the Hessian (issue 13, view 5): P_B keeps the layer's coordinates; interlacing bounds its top eigenvalue. */
export const BLOCK_SHARPNESS_TEX = String.raw`H_{BB} = P_B\,\nabla^2 L(w)\,P_B^{\top},\qquad \lambda_{\max}(H_{BB}) \le \lambda_{\max}\big(\nabla^2 L(w)\big)`;

/**
 * Dinh et al.'s rescaling of a ReLU layer ℓ and the next (issue 13, view 4): the same function, a Hessian scaled
 * by the inverse factors; T·H·T with T = diag(|w|) is unchanged.
 */
export const REPARAM_TEX = String.raw`\begin{gathered}(W_\ell,\ b_\ell,\ W_{\ell+1}) \to (\alpha W_\ell,\ \alpha b_\ell,\ W_{\ell+1}/\alpha):\quad f_{w'} = f_w,\\ \lambda_{\max}(H') \ne \lambda_{\max}(H),\qquad T'H'T' = THT,\ \ T = \operatorname{diag}(|w|)\end{gathered}`;

/**
 * A trajectory's plane (Li et al. 2018, issue 13 view 2): the iterates' differences from the final weights,
 * their first two principal directions, and each iterate's coordinates on them.
 */
export const TRAJECTORY_TEX = String.raw`M = \big[\,w_i - w_{\mathrm{final}}\,\big]_{i=1}^{n},\quad d_1, d_2 = \text{PC}_{1,2}(M),\quad (x_i, y_i) = \big(\langle w_i - w_{\mathrm{final}}, d_1\rangle,\ \langle w_i - w_{\mathrm{final}}, d_2\rangle\big)`;
