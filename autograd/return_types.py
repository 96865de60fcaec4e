"""PyTorch's `torch.return_types`: the named tuples of the functions that give several tensors.

`max(x, dim)` gives `return_types.max(values=..., indices=...)`: a tuple, so it unpacks
(`values, indices = x.max(1)`), indexes and compares as one, whose items also have names
(`x.max(1).indices`). Each function has its own type, named after it, and a twin `<name>_out`
returned when the caller passes `out=`; torch.linalg's are named `linalg_<name>`. They print
as PyTorch's:

    >>> max((tensor([2., 3.]), tensor([1, 0])))
    torch.return_types.max(
    values=tensor([2., 3.]),
    indices=tensor([1, 0]))

As PyTorch's (Python's "structseq"), the constructor takes one sequence of all the items,
the items cannot be reassigned, and the field names are `__match_args__`.
"""
from __future__ import annotations

import operator

__all__ = [
    "aminmax", "aminmax_out", "cummax", "cummax_out", "cummin", "cummin_out", "kthvalue",
    "kthvalue_out", "linalg_cholesky_ex", "linalg_cholesky_ex_out", "linalg_inv_ex",
    "linalg_inv_ex_out", "linalg_lu", "linalg_lu_out", "linalg_lu_factor", "linalg_lu_factor_out",
    "linalg_lu_factor_ex", "linalg_lu_factor_ex_out", "linalg_solve_ex", "linalg_solve_ex_out",
    "linalg_eig", "linalg_eig_out", "linalg_lstsq", "linalg_lstsq_out",
    "lu_unpack", "lu_unpack_out", "triangular_solve", "triangular_solve_out", "linalg_eigh",
    "linalg_eigh_out", "linalg_qr", "linalg_qr_out",
    "linalg_slogdet", "linalg_slogdet_out", "linalg_svd", "linalg_svd_out", "max", "max_out",
    "median", "median_out", "min", "min_out", "mode", "mode_out", "nanmedian", "nanmedian_out",
    "qr", "qr_out", "slogdet", "slogdet_out", "sort", "sort_out", "svd", "svd_out", "topk",
    "topk_out", "out_type",
]


class _StructSeq(tuple):
    """A tuple whose items are also attributes named by `__match_args__`."""

    __slots__ = ()
    __match_args__: tuple = ()

    def __new__(cls, sequence, dict=None):  # noqa: A002  (structseq's parameter names)
        """The result holding the items of `sequence`, in order. (`dict` holds a structseq's
        fields beyond the sequence; these types have none.)"""
        items = tuple(sequence)
        if len(items) != cls.n_fields:
            raise TypeError(f"torch.return_types.{cls.__name__}() takes a {cls.n_fields}-"
                            f"sequence ({len(items)}-sequence given)")
        return super().__new__(cls, items)

    def __repr__(self) -> str:
        fields = ",\n".join(f"{name}={value!r}" for name, value in zip(self.__match_args__, self))
        return f"torch.return_types.{type(self).__name__}(\n{fields})"

    __str__ = __repr__

    def __reduce__(self):
        return type(self), (tuple(self),)


def _return_type(name: str, fields: tuple) -> type:
    """A tuple type called `name` whose items are the attributes `fields`, in order."""
    attributes = {field: property(operator.itemgetter(i), doc=f"Item {i} of the result.")
                  for i, field in enumerate(fields)}
    return type(name, (_StructSeq,), {
        "__slots__": (), "__module__": __name__, "__qualname__": name,
        "__doc__": f"The result of {name.removesuffix('_out')}(): ({', '.join(fields)}).",
        "__match_args__": fields, "n_fields": len(fields), "n_sequence_fields": len(fields),
        "n_unnamed_fields": 0, **attributes})


def _types(name: str, *fields: str) -> tuple:
    """The type `name` and its twin `name_out` (what the function returns given out=)."""
    return _return_type(name, fields), _return_type(name + "_out", fields)


aminmax, aminmax_out = _types("aminmax", "min", "max")
cummax, cummax_out = _types("cummax", "values", "indices")
cummin, cummin_out = _types("cummin", "values", "indices")
kthvalue, kthvalue_out = _types("kthvalue", "values", "indices")
max, max_out = _types("max", "values", "indices")  # noqa: A001  (torch.return_types.max)
median, median_out = _types("median", "values", "indices")
min, min_out = _types("min", "values", "indices")  # noqa: A001  (torch.return_types.min)
mode, mode_out = _types("mode", "values", "indices")
nanmedian, nanmedian_out = _types("nanmedian", "values", "indices")
sort, sort_out = _types("sort", "values", "indices")
topk, topk_out = _types("topk", "values", "indices")
qr, qr_out = _types("qr", "Q", "R")
slogdet, slogdet_out = _types("slogdet", "sign", "logabsdet")
svd, svd_out = _types("svd", "U", "S", "V")
linalg_eigh, linalg_eigh_out = _types("linalg_eigh", "eigenvalues", "eigenvectors")
linalg_eig, linalg_eig_out = _types("linalg_eig", "eigenvalues", "eigenvectors")
linalg_lstsq, linalg_lstsq_out = _types("linalg_lstsq", "solution", "residuals", "rank",
                                        "singular_values")
linalg_qr, linalg_qr_out = _types("linalg_qr", "Q", "R")
linalg_slogdet, linalg_slogdet_out = _types("linalg_slogdet", "sign", "logabsdet")
linalg_svd, linalg_svd_out = _types("linalg_svd", "U", "S", "Vh")
linalg_cholesky_ex, linalg_cholesky_ex_out = _types("linalg_cholesky_ex", "L", "info")
linalg_inv_ex, linalg_inv_ex_out = _types("linalg_inv_ex", "inverse", "info")
linalg_lu, linalg_lu_out = _types("linalg_lu", "P", "L", "U")
linalg_lu_factor, linalg_lu_factor_out = _types("linalg_lu_factor", "LU", "pivots")
linalg_lu_factor_ex, linalg_lu_factor_ex_out = _types("linalg_lu_factor_ex", "LU", "pivots",
                                                      "info")
linalg_solve_ex, linalg_solve_ex_out = _types("linalg_solve_ex", "result", "info")
lu_unpack, lu_unpack_out = _types("lu_unpack", "P", "L", "U")
triangular_solve, triangular_solve_out = _types("triangular_solve", "solution",
                                                "cloned_coefficient")

_OUT_TYPES = {aminmax: aminmax_out, cummax: cummax_out, cummin: cummin_out,
              kthvalue: kthvalue_out, max: max_out, median: median_out, min: min_out,
              mode: mode_out, nanmedian: nanmedian_out, sort: sort_out, topk: topk_out,
              qr: qr_out, slogdet: slogdet_out, svd: svd_out, linalg_eigh: linalg_eigh_out,
              linalg_qr: linalg_qr_out, linalg_slogdet: linalg_slogdet_out,
              linalg_svd: linalg_svd_out, linalg_cholesky_ex: linalg_cholesky_ex_out,
              linalg_inv_ex: linalg_inv_ex_out, linalg_lu: linalg_lu_out,
              linalg_lu_factor: linalg_lu_factor_out,
              linalg_lu_factor_ex: linalg_lu_factor_ex_out, linalg_solve_ex: linalg_solve_ex_out,
              linalg_eig: linalg_eig_out, linalg_lstsq: linalg_lstsq_out,
              lu_unpack: lu_unpack_out, triangular_solve: triangular_solve_out}


def out_type(result) -> type:
    """The type a function returns when given `out=`, for its plain `result` (a max result
    -> max_out)."""
    return _OUT_TYPES[type(result)]
