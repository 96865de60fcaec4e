"""`LBFGS`: limited-memory BFGS with an optional strong-Wolfe line search (PyTorch's)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad, from_numpy
from autograd.fma import fma32, fma64
from optim._checks import check_hyper_parameter, check_int, is_number
from optim._state_checks import check_state_keys, loaded_array, loaded_number
from optim.line_search import strong_wolfe
from optim.optimizer import Optimizer, _bump_version

__all__ = ["LBFGS"]


def _loss_value(loss) -> float:
    """The closure's loss as a float; TypeError if the closure returned something else."""
    if isinstance(loss, Tensor) and loss.numel() == 1:
        return float(loss)
    if not is_number(loss):
        raise TypeError(f"the closure must return the loss (a number or a one-element Tensor), "
                        f"got {loss!r}")
    return float(loss)


def _live(value):
    """A value the step computed as ``state`` holds it (PyTorch's types): an array or a NumPy
    scalar as a Tensor sharing its memory, a list entry by entry, a Python number as it is."""
    if isinstance(value, list):
        return [_live(v) for v in value]
    if isinstance(value, (np.ndarray, np.generic)):
        return from_numpy(np.asarray(value))
    return value


def _work(value):
    """A ``state`` value as the step computes on it: the array of a Tensor (a NumPy scalar of
    a 0-d one), a list entry by entry."""
    if isinstance(value, list):
        return [_work(v) for v in value]
    if isinstance(value, Tensor):
        array = value.numpy(force=True)
        return array[()] if array.ndim == 0 else array
    return value


def _axpy(alpha, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """y + alpha·x rounded once per element, as PyTorch's `y.add_(x, alpha=alpha)` (its CPU
    kernel is a fused multiply-add); alpha is taken in y's dtype."""
    fma = fma32 if y.dtype == np.float32 else fma64
    return fma(x, y.dtype.type(alpha), y)


def _lbfgs_direction(flat_grad: np.ndarray, old_dirs: list, old_stps: list, ro: list,
                     H_diag, al: list) -> np.ndarray:
    """The two-loop recursion: d = -H g with H the L-BFGS inverse-Hessian estimate.

    q = -g;  for i newest→oldest: α_i = ρ_i s_iᵀq, q -= α_i y_i;  r = H_diag q;
    for i oldest→newest: β_i = ρ_i y_iᵀr, r += (α_i - β_i) s_i;  d = r.
    """
    num_old = len(old_dirs)
    q = -flat_grad
    for i in range(num_old - 1, -1, -1):
        al[i] = (old_stps[i] @ q) * ro[i]
        q = _axpy(-al[i], old_dirs[i], q)
    r = q * H_diag
    for i in range(num_old):
        be_i = (old_dirs[i] @ r) * ro[i]
        r = _axpy(al[i] - be_i, old_stps[i], r)
    return r


class LBFGS(Optimizer):
    r"""L-BFGS (Nocedal, 1980), closure-based as PyTorch's `LBFGS` (after minFunc).

    Algorithm (one ``step(closure)``, up to ``max_iter`` iterations)::

        evaluate f, g = ∇f;  stop if max|g| ≤ tolerance_grad
        repeat:
            first iteration ever:  d = -g,  H_diag = 1
            else:  y = g - g_prev,  s = t d;  if yᵀs > 1e-10: keep (s, y, ρ = 1/yᵀs)
                   (at most history_size pairs) and H_diag = yᵀs / yᵀy
                   d = -H g by the two-loop recursion
            t = lr · min(1, 1/Σ|g|) on the first iteration ever, lr afterwards
            stop if gᵀd > -tolerance_change
            line_search_fn = 'strong_wolfe': t from a strong-Wolfe line search; θ += t d
            otherwise: θ += t d and re-evaluate f, g (fixed step)
            stop on max_iter, max_eval, max|g| ≤ tolerance_grad,
                 max|t d| ≤ tolerance_change or |f - f_prev| < tolerance_change

    Args:
        params: parameters (one group only).
        lr: step length (default 1). max_iter: iterations per step (default 20).
        max_eval: function evaluations per step (default max_iter * 5 // 4).
        tolerance_grad: first-order optimality tolerance (default 1e-7).
        tolerance_change: tolerance on changes of f and θ (default 1e-9).
        history_size: number of (s, y) pairs kept (default 100).
        line_search_fn: None or ``"strong_wolfe"``.

    Example:
        >>> opt = LBFGS([x], line_search_fn="strong_wolfe")
        >>> def closure():
        ...     opt.zero_grad(); loss = f(x); loss.backward(); return loss
        >>> opt.step(closure)

    State (on the first parameter): ``func_evals``, ``n_iter``, ``d``, ``t``, ``old_dirs``,
    ``old_stps``, ``ro``, ``H_diag``, ``prev_flat_grad``, ``prev_loss``, ``al``: Tensors
    (flat over all parameters, or 0-d), lists of them, and Python numbers, as PyTorch's.

    The scalars PyTorch computes as 0-d tensors (yᵀs, ρ, H_diag, the dot products, the line
    search's steps and slopes) are NumPy scalars of the parameters' dtype here, and Python
    numbers stay Python numbers where PyTorch's do (the loss, lr, the tolerances), so NumPy's
    promotion rounds where PyTorch's does and a float32 run follows PyTorch's path.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1,
                 max_iter: int = 20, max_eval: int | None = None,
                 tolerance_grad: float = 1e-7, tolerance_change: float = 1e-9,
                 history_size: int = 100, line_search_fn: str | None = None) -> None:
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval,
                        tolerance_grad=tolerance_grad, tolerance_change=tolerance_change,
                        history_size=history_size, line_search_fn=line_search_fn)
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        if not self._params:
            raise ValueError("optimizer got an empty parameter list")

    def _check_group(self, group):
        super()._check_group(group)
        for name in ("max_iter", "max_eval", "history_size"):
            check_int(name, group[name], label=f"{name} value")
        check_hyper_parameter("tolerance_grad", group["tolerance_grad"])
        check_hyper_parameter("tolerance_change", group["tolerance_change"])
        if group["line_search_fn"] not in (None, "strong_wolfe"):
            raise ValueError(f"Invalid line_search_fn: {group['line_search_fn']!r} "
                             f"(only None and 'strong_wolfe' are supported)")

    def _loaded_state(self, where, param, entry, group):
        """The saved memory of the first parameter: flat vectors over all parameters."""
        check_state_keys(where, entry, required=("func_evals", "n_iter"),
                         allowed=("d", "t", "old_dirs", "old_stps", "ro", "H_diag",
                                  "prev_flat_grad", "prev_loss", "al"), owner="LBFGS")
        flat = (sum(p.numel() for p in self._params),)
        dtype = np.result_type(*(p.dtype for p in self._params))
        loaded = {}
        for name, value in entry.items():
            if name in ("d", "prev_flat_grad"):
                loaded[name] = loaded_array(where, name, value, flat, dtype)
            elif name in ("old_dirs", "old_stps"):
                loaded[name] = [loaded_array(where, f"{name}[{i}]", v, flat, dtype)
                                for i, v in enumerate(_as_list(where, name, value))]
            elif name in ("ro", "al"):
                loaded[name] = [None if v is None and name == "al"
                                else dtype.type(loaded_number(where, f"{name}[{i}]", v))
                                for i, v in enumerate(_as_list(where, name, value))]
            elif name in ("t", "H_diag"):  # tensors of the parameters' dtype in PyTorch
                loaded[name] = dtype.type(loaded_number(where, name, value))
            else:
                low = 0 if name in ("func_evals", "n_iter") else None
                loaded[name] = loaded_number(where, name, value, low=low)
        lengths = {len(loaded[name]) for name in ("old_dirs", "old_stps", "ro") if name in loaded}
        if len(lengths) > 1:
            raise ValueError(f"{where}: 'old_dirs', 'old_stps' and 'ro' must have one entry "
                             f"per remembered step, got lengths {sorted(lengths)}")
        return {name: _live(value) for name, value in loaded.items()}

    @property
    def _params(self) -> list[Tensor]:
        return self.param_groups[0]["params"]

    def _gather_flat_grad(self) -> np.ndarray:
        """All gradients as one flat vector (zeros for a parameter without a gradient)."""
        return np.concatenate([np.zeros(p.numel(), dtype=p.dtype) if p.grad is None
                               else p.grad.numpy(force=True).reshape(-1) for p in self._params])

    def _add_grad(self, step_size: float, update: np.ndarray) -> None:
        """θ += step_size · update, with `update` flat over all parameters."""
        offset = 0
        for p in self._params:
            param = p.numpy(force=True)
            param[...] = _axpy(step_size, update[offset:offset + param.size].reshape(param.shape),
                               param)
            _bump_version(p)
            offset += param.size

    def _clone_param(self) -> list[np.ndarray]:
        return [p.numpy(force=True).copy() for p in self._params]

    def _set_param(self, params_data: list[np.ndarray]) -> None:
        for p, data in zip(self._params, params_data):
            p.numpy(force=True)[...] = data
            _bump_version(p)

    def _directional_evaluate(self, closure, x, t, d):
        self._add_grad(t, d)
        loss = _loss_value(closure())
        flat_grad = self._gather_flat_grad()
        self._set_param(x)
        return loss, flat_grad

    def step(self, closure: Callable[[], Any]) -> Any:  # type: ignore[override]
        """Run up to ``max_iter`` L-BFGS iterations; return the loss first evaluated.

        Args:
            closure: re-evaluates the model (zero grads, forward, backward) and returns
                the loss. Required.
        """
        if not callable(closure):
            raise TypeError(f"LBFGS.step needs a closure that re-evaluates the model and "
                            f"returns the loss; got {type(closure).__name__}")
        group = self.param_groups[0]
        lr = group["lr"]
        max_iter = group["max_iter"]
        max_eval = group["max_eval"]
        tolerance_grad = group["tolerance_grad"]
        tolerance_change = group["tolerance_change"]
        line_search_fn = group["line_search_fn"]
        history_size = group["history_size"]

        def evaluate():
            with enable_grad():
                return closure()

        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        orig_loss = evaluate()
        loss = _loss_value(orig_loss)
        current_evals = 1
        state["func_evals"] += 1

        flat_grad = self._gather_flat_grad()
        if np.abs(flat_grad).max() <= tolerance_grad:
            return orig_loss

        d = _work(state.get("d"))
        t = _work(state.get("t"))
        old_dirs = _work(state.get("old_dirs"))
        old_stps = _work(state.get("old_stps"))
        ro = _work(state.get("ro"))
        H_diag = _work(state.get("H_diag"))
        prev_flat_grad = _work(state.get("prev_flat_grad"))
        prev_loss = state.get("prev_loss")
        al = _work(state.get("al"))

        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1

            # compute the direction
            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro = [], [], []
                H_diag = 1
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = y @ s
                if ys > 1e-10:  # update the memory
                    if len(old_dirs) == history_size:
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    H_diag = ys / (y @ y)
                if al is None:
                    al = state["al"] = [None] * history_size  # the key where PyTorch adds it
                d = _lbfgs_direction(flat_grad, old_dirs, old_stps, ro, H_diag, al)

            if prev_flat_grad is None:
                prev_flat_grad = flat_grad.copy()
            else:
                prev_flat_grad[...] = flat_grad
            prev_loss = loss

            # compute the step length
            if state["n_iter"] == 1:
                t = min(1.0, 1.0 / np.abs(flat_grad).sum()) * lr
            else:
                t = lr

            gtd = flat_grad @ d
            if gtd > -tolerance_change:  # not a descent direction
                break

            ls_func_evals = 0
            if line_search_fn is not None:
                x_init = self._clone_param()

                def obj_func(x, t, d):
                    return self._directional_evaluate(evaluate, x, t, d)

                loss, flat_grad, t, ls_func_evals = strong_wolfe(
                    obj_func, x_init, t, d, loss, flat_grad, gtd, max_ls=max_eval - current_evals)
                self._add_grad(t, d)
                opt_cond = np.abs(flat_grad).max() <= tolerance_grad
            else:
                self._add_grad(t, d)
                opt_cond = False
                if n_iter != max_iter:
                    loss = _loss_value(evaluate())
                    flat_grad = self._gather_flat_grad()
                    opt_cond = np.abs(flat_grad).max() <= tolerance_grad
                    ls_func_evals = 1

            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals

            # check the stopping conditions
            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if np.abs(d * t).max() <= tolerance_change:
                break
            if abs(loss - prev_loss) < tolerance_change:
                break

        state["d"] = _live(d)
        state["t"] = _live(t)
        state["old_dirs"] = _live(old_dirs)
        state["old_stps"] = _live(old_stps)
        state["ro"] = _live(ro)
        state["H_diag"] = _live(H_diag)
        state["prev_flat_grad"] = _live(prev_flat_grad)
        state["prev_loss"] = prev_loss
        if al is not None:
            state["al"] = _live(al)
        return orig_loss


def _as_list(where: str, name: str, value) -> list:
    """A saved sequence as a list (it may come back from a file as a tuple or an array)."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        raise TypeError(f"{where}: {name!r} must be a list, got {type(value).__name__}")
    return list(value)
