"""Hand-written rows of nn's bad-input sweep beyond the layers: the Module API and the
containers, nn.init, nn.utils, nn.data (datasets, loaders, preprocessing), save/load and
fit/evaluate."""
from __future__ import annotations

import os
import tempfile
from collections import OrderedDict

import numpy as np

import autograd as ag
import nn
import optim
from nn import data, init, utils
from tests.nn.bad_input_hand import raises, same

__all__ = ["MODULE_API", "INIT", "UTILS", "DATA", "SAVE_LOAD", "FIT"]

_DROP = object()  # marks a state-dict entry that _load removes
_DIR = tempfile.mkdtemp(prefix="bad-input-")
_PATH = os.path.join(_DIR, "model.pt")


def _linear():
    return nn.Linear(3, 2)


def _load(**changes):
    """Load a Linear(3, 2)'s state dict, with `changes` applied, into a fresh one."""
    def call():
        state = OrderedDict(_linear().state_dict())
        state.update(changes)
        _linear().load_state_dict({k: v for k, v in state.items() if v is not _DROP})
    return call


def _loaded_bias(m, bias):
    """The bias of a Linear(3, 2) after loading `bias` into it (PyTorch casts to float32)."""
    layer = m.nn.Linear(3, 2)
    layer.load_state_dict({"weight": layer.weight.detach(), "bias": bias})
    return layer.bias.detach()


def _with_grads(*grads):
    params = [ag.zeros(len(g), requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = ag.tensor(g)
    return params


def _fit(**changes):
    def call():
        model = nn.Linear(2, 1)
        arguments = dict(model=model, loss_fn=nn.MSELoss(),
                         optimizer=optim.SGD(model.parameters(), lr=0.1),
                         train_data=(np.ones((4, 2), np.float32), np.ones((4, 1), np.float32)),
                         epochs=1, verbose=False)
        arguments.update(changes)
        return nn.fit(**arguments)
    return call


def _saved():
    nn.save(_linear().state_dict(), _PATH)
    return _PATH


_DATASET = data.TensorDataset(np.ones((4, 2), np.float32), np.arange(4))

MODULE_API = [
    raises("load_state_dict-None-value", _load(weight=None), TypeError,
           r"weight.*NoneType"),
    raises("load_state_dict-shape", _load(weight=ag.ones(3, 3)), RuntimeError,
           r"size mismatch for weight.*\[3, 3\].*\[2, 3\]"),
    raises("load_state_dict-missing", _load(bias=_DROP), RuntimeError,
           r"Missing key\(s\) in state_dict: \"bias\""),
    raises("load_state_dict-unexpected", _load(extra=ag.ones(1)), RuntimeError,
           r"Unexpected key\(s\) in state_dict: \"extra\""),
    raises("load_state_dict-str-value", _load(bias="zeros"), TypeError, r"bias.*str"),
    raises("load_state_dict-objects", _load(bias=np.array([None, 1.0])), TypeError,
           r"bias.*ndarray"),
    same("load_state_dict-int-values-cast", lambda m: _loaded_bias(m, m.tensor([1, 2]))),
    same("load_state_dict-None", lambda m: m.nn.Linear(3, 2).load_state_dict(None)),
    same("load_state_dict-list", lambda m: m.nn.Linear(3, 2).load_state_dict([1, 2])),
    same("register_buffer-dotted", lambda m: m.nn.Module().register_buffer("a.b", None)),
    same("register_buffer-array", lambda m: m.nn.Module().register_buffer("a", [1.0])),
    same("register_buffer-name-int", lambda m: m.nn.Module().register_buffer(1, None)),
    same("register_parameter-tensor", lambda m: m.nn.Module().register_parameter(
        "w", m.ones(2))),
    same("register_parameter-empty-name", lambda m: m.nn.Module().register_parameter("", None)),
    same("add_module-not-a-module", lambda m: m.nn.Module().add_module("a", 5)),
    same("add_module-dotted", lambda m: m.nn.Module().add_module("a.b", m.nn.ReLU())),
    same("Sequential-not-a-module", lambda m: m.nn.Sequential(m.nn.ReLU(), 5)),
    same("Sequential-index-out-of-range", lambda m: m.nn.Sequential(m.nn.ReLU())[3]),
    same("Sequential-empty-forward", lambda m: m.nn.Sequential()(m.ones(2))),
    same("ModuleList-append-int", lambda m: m.nn.ModuleList().append(3)),
    same("ModuleList-not-iterable", lambda m: m.nn.ModuleList(5)),
    same("ModuleList-index-out-of-range", lambda m: m.nn.ModuleList([m.nn.ReLU()])[2]),
    same("ModuleDict-int-key", lambda m: m.nn.ModuleDict({1: m.nn.ReLU()})),
    same("ModuleDict-not-a-module", lambda m: m.nn.ModuleDict({"a": 1})),
    raises("ModuleDict-missing", lambda: nn.ModuleDict()["a"], KeyError, r"'a'"),
    same("train-str", lambda m: m.nn.Linear(3, 2).train("yes")),
    raises("apply-not-callable", lambda: nn.Linear(3, 2).apply(5), TypeError, r"fn.*int"),
    same("to-unknown-device", lambda m: m.nn.Linear(3, 2).to("bogus")),
    same("to-int-dtype", lambda m: m.nn.Linear(3, 2).to(m.int64)),
    same("get_submodule-missing", lambda m: m.nn.Linear(3, 2).get_submodule("a")),
    same("requires_grad_-str", lambda m: m.nn.Linear(3, 2).requires_grad_("no")),
    raises("register_forward_hook-int", lambda: nn.Linear(3, 2).register_forward_hook(5),
           TypeError, r"hook.*int"),
    raises("Parameter-list", lambda: nn.Parameter([1.0]), TypeError, r"data.*list"),
    same("Parameter-int-requires-grad", lambda m: m.nn.Parameter(m.tensor([1, 2]))),
]

INIT = [
    same("xavier_uniform_-1d", lambda m: m.nn.init.xavier_uniform_(m.ones(3))),
    same("kaiming_normal_-mode", lambda m: m.nn.init.kaiming_normal_(m.ones(3, 4), mode="x")),
    same("kaiming_uniform_-nonlinearity",
         lambda m: m.nn.init.kaiming_uniform_(m.ones(3, 4), nonlinearity="bogus")),
    same("calculate_gain-unknown", lambda m: m.nn.init.calculate_gain("bogus")),
    same("calculate_gain-param-str", lambda m: m.nn.init.calculate_gain("leaky_relu", "a")),
    same("orthogonal_-1d", lambda m: m.nn.init.orthogonal_(m.ones(3))),
    same("eye_-3d", lambda m: m.nn.init.eye_(m.ones(2, 2, 2))),
    same("uniform_-a-above-b", lambda m: m.nn.init.uniform_(m.ones(3), 1.0, 0.0)),
    same("normal_-negative-std", lambda m: m.nn.init.normal_(m.ones(3), 0.0, -1.0)),
    raises("trunc_normal_-negative-std", lambda: init.trunc_normal_(ag.ones(3), std=-1.0),
           ValueError, r"std.*-1"),
    same("constant_-None", lambda m: m.nn.init.constant_(m.ones(3), None)),
    raises("ones_-None", lambda: init.ones_(None), TypeError, r"tensor.*NoneType"),
    raises("zeros_-list", lambda: init.zeros_([1.0]), TypeError, r"tensor.*list"),
    raises("uniform_-module", lambda: init.uniform_(nn.Linear(2, 2)), TypeError,
           r"(?i)tensor.*Linear"),
    raises("xavier_normal_-str", lambda: init.xavier_normal_("w"), TypeError, r"tensor.*str"),
    same("xavier_normal_-empty", lambda m: m.nn.init.xavier_normal_(m.ones(0, 3))),
    same("kaiming_uniform_-int", lambda m: m.nn.init.kaiming_uniform_(m.ones(3, 4).long())),
]

UTILS = [
    raises("clip_grad_norm_-norm_type-str", lambda: utils.clip_grad_norm_(
        _with_grads([1.0, 2.0]), 1.0, norm_type="bogus"), (TypeError, ValueError),
        r"norm_type.*bogus"),
    raises("clip_grad_norm_-None", lambda: utils.clip_grad_norm_(None, 1.0), TypeError,
           r"parameters.*NoneType"),
    raises("clip_grad_norm_-max_norm-str", lambda: utils.clip_grad_norm_(
        _with_grads([1.0]), "a"), TypeError, r"max_norm.*('a'|str)"),
    raises("clip_grad_norm_-nonfinite", lambda: utils.clip_grad_norm_(
        _with_grads([1.0, float("nan")]), 1.0, error_if_nonfinite=True), RuntimeError,
        r"non-finite"),
    raises("clip_grad_value_-None", lambda: utils.clip_grad_value_(_with_grads([1.0]), None),
           TypeError, r"clip_value.*None"),
    raises("clip_grad_value_-negative", lambda: utils.clip_grad_value_(
        _with_grads([1.0]), -1.0), ValueError, r"clip_value.*-1"),
    same("parameters_to_vector-empty", lambda m: m.nn.utils.parameters_to_vector([])),
    raises("parameters_to_vector-None", lambda: utils.parameters_to_vector(None), TypeError,
           r"parameters.*NoneType"),
    raises("parameters_to_vector-array", lambda: utils.parameters_to_vector([np.ones(2)]),
           TypeError, r"ndarray"),
    raises("vector_to_parameters-list", lambda: utils.vector_to_parameters(
        [1.0, 2.0], [ag.zeros(2)]), TypeError, r"vec.*list"),
    raises("vector_to_parameters-short", lambda: utils.vector_to_parameters(
        ag.ones(3), [ag.zeros(2), ag.zeros(2)]), (ValueError, RuntimeError),
        r"vec.*3.*4|4.*3"),
    raises("vector_to_parameters-long", lambda: utils.vector_to_parameters(
        ag.ones(5), [ag.zeros(2)]), (ValueError, RuntimeError), r"vec.*5.*2|2.*5"),
    raises("vector_to_parameters-2d", lambda: utils.vector_to_parameters(
        ag.ones(2, 1), [ag.zeros(2)]), (ValueError, RuntimeError, TypeError),
        r"vec.*(1-d|1-D|dim)"),
]

DATA = [
    raises("Dataset-getitem", lambda: data.Dataset()[0], NotImplementedError, r"__getitem__"),
    raises("TensorDataset-sizes", lambda: data.TensorDataset(np.ones(3), np.ones(4)),
           ValueError, r"(?i)size mismatch.*\[3, 4\]"),
    raises("TensorDataset-nothing", lambda: data.TensorDataset(), ValueError,
           r"at least one tensor"),
    raises("TensorDataset-None", lambda: data.TensorDataset(None), TypeError,
           r"tensor 0.*(NoneType|object)"),
    raises("TensorDataset-str", lambda: data.TensorDataset("abc"), TypeError,
           r"tensor 0.*(str|<U3)"),
    raises("TensorDataset-0d", lambda: data.TensorDataset(np.float32(1.0)), ValueError,
           r"tensor 0 is 0-d"),
    raises("TensorDataset-index-out-of-range", lambda: _DATASET[7], IndexError,
           r"index 7.*size 4|7.*out of (range|bounds)"),
    raises("TensorDataset-index-str", lambda: _DATASET["a"], (TypeError, IndexError),
           r"(?i)ind(ex|ices).*str"),
    raises("Subset-out-of-range", lambda: data.Subset(_DATASET, [9]), IndexError,
           r"out of range.*length 4"),
    raises("Subset-None", lambda: data.Subset(_DATASET, None), TypeError,
           r"indices.*None"),
    raises("random_split-sum", lambda: data.random_split(_DATASET, [2, 3]), ValueError,
           r"do not sum to the dataset length 4"),
    raises("random_split-negative", lambda: data.random_split(_DATASET, [-1, 5]), ValueError,
           r"lengths.*-1"),
    raises("random_split-fractions", lambda: data.random_split(_DATASET, [0.5, 0.6]),
           ValueError, r"lengths"),
    raises("random_split-empty", lambda: data.random_split(_DATASET, []), ValueError,
           r"lengths is empty"),
    raises("random_split-None", lambda: data.random_split(_DATASET, None), TypeError,
           r"lengths.*NoneType"),
    raises("random_split-seed-and-generator", lambda: data.random_split(
        _DATASET, [2, 2], generator=ag.Generator(), seed=1), ValueError, r"either generator"),
    raises("DataLoader-batch_size-zero", lambda: data.DataLoader(_DATASET, batch_size=0),
           ValueError, r"batch_size.*0"),
    raises("DataLoader-batch_size-negative", lambda: data.DataLoader(_DATASET, batch_size=-1),
           ValueError, r"batch_size.*-1"),
    raises("DataLoader-batch_size-float", lambda: data.DataLoader(_DATASET, batch_size=2.5),
           (TypeError, ValueError), r"batch_size.*2.5"),
    raises("DataLoader-batch_size-str", lambda: data.DataLoader(_DATASET, batch_size="a"),
           (TypeError, ValueError), r"batch_size.*'a'"),
    raises("DataLoader-None", lambda: data.DataLoader(None), TypeError,
           r"dataset.*NoneType"),
    raises("DataLoader-shuffle-str", lambda: data.DataLoader(_DATASET, shuffle="yes"),
           TypeError, r"shuffle.*'yes'"),
    raises("DataLoader-collate_fn-int", lambda: data.DataLoader(_DATASET, collate_fn=5),
           TypeError, r"collate_fn.*5"),
    raises("DataLoader-seed-str", lambda: data.DataLoader(_DATASET, shuffle=True, seed="a"),
           TypeError, r"seed.*str"),
    raises("default_collate-empty", lambda: data.default_collate([]), ValueError,
           r"empty batch"),
    raises("default_collate-shapes", lambda: data.default_collate([np.ones(2), np.ones(3)]),
           ValueError, r"different shapes \[\(2,\), \(3,\)\]"),
    raises("default_collate-None", lambda: data.default_collate([None, None]), TypeError,
           r"type NoneType"),
    raises("default_collate-not-a-list", lambda: data.default_collate(None), TypeError,
           r"batch.*NoneType"),
    raises("spiral-negative", lambda: data.spiral(n_per_class=-1), ValueError,
           r"n_per_class.*-1"),
    raises("spiral-classes-zero", lambda: data.spiral(n_classes=0), ValueError,
           r"n_classes.*0"),
    raises("spiral-noise-negative", lambda: data.spiral(noise=-1), ValueError, r"noise.*-1"),
    raises("spiral-seed-str", lambda: data.spiral(seed="a"), TypeError, r"seed.*'a'"),
    raises("moons-zero", lambda: data.moons(n_samples=0), ValueError, r"n_samples.*0"),
    raises("moons-float", lambda: data.moons(n_samples=2.5), ValueError, r"n_samples.*2.5"),
    raises("circles-factor", lambda: data.circles(factor=1.5), ValueError, r"factor.*1.5"),
    raises("circles-noise-nan", lambda: data.circles(noise=float("nan")), ValueError,
           r"noise.*nan"),
    raises("blobs-negative", lambda: data.blobs(n_samples=-1), ValueError, r"n_samples.*-1"),
    raises("blobs-centers-zero", lambda: data.blobs(centers=0), ValueError, r"centers.*0"),
    raises("blobs-cluster_std-negative", lambda: data.blobs(cluster_std=-1), ValueError,
           r"cluster_std"),
    raises("blobs-center_box-None", lambda: data.blobs(center_box=None), TypeError,
           r"center_box.*None"),
    raises("digits-as_images-str", lambda: data.digits(as_images="yes"), TypeError,
           r"as_images.*'yes'"),
    raises("names-argument", lambda: data.names(5), TypeError, r"names\(\) takes 0"),
    raises("train_test_split-lengths", lambda: data.train_test_split(np.ones((4, 2)),
                                                                    np.ones(3)),
           ValueError, r"same first dimension"),
    raises("train_test_split-test_size-above-one", lambda: data.train_test_split(
        np.ones((4, 2)), np.ones(4), test_size=1.5), ValueError, r"test_size.*1.5"),
    raises("train_test_split-test_size-zero", lambda: data.train_test_split(
        np.ones((4, 2)), np.ones(4), test_size=0), ValueError, r"test_size.*0"),
    raises("train_test_split-test_size-str", lambda: data.train_test_split(
        np.ones((4, 2)), np.ones(4), test_size="a"), (TypeError, ValueError), r"test_size.*a"),
    raises("train_test_split-stratify-single", lambda: data.train_test_split(
        np.ones((4, 2)), np.ones(4), stratify=np.array([0, 0, 0, 1])), ValueError,
        r"class 1 has only"),
    raises("train_test_split-None", lambda: data.train_test_split(None, None), TypeError,
           r"X.*NoneType"),
    raises("Standardizer-eps-negative", lambda: data.Standardizer(eps=-1), ValueError,
           r"eps.*-1"),
    raises("Standardizer-before-fit", lambda: data.Standardizer().transform(np.ones((2, 2))),
           RuntimeError, r"call fit"),
    raises("Standardizer-fit-empty", lambda: data.Standardizer().fit(np.ones((0, 2))),
           ValueError, r"at least one sample"),
    raises("Standardizer-features", lambda: data.Standardizer().fit(np.ones((3, 2))).transform(
        np.ones((3, 4))), ValueError, r"fitted on features of shape"),
    raises("Standardizer-fit-str", lambda: data.Standardizer().fit("abc"), TypeError,
           r"X.*str"),
    raises("standardize-None", lambda: data.standardize(None), TypeError,
           r"\bX(_train)?\b.*NoneType"),
]

SAVE_LOAD = [
    raises("save-path-None", lambda: nn.save({}, None), TypeError, r"path.*NoneType"),
    raises("save-path-int", lambda: nn.save({}, 5), TypeError, r"path.*int"),
    raises("save-unsupported-object", lambda: nn.save({"f": print}, _PATH), TypeError,
           r"builtin_function_or_method"),
    raises("save-directory", lambda: nn.save({}, _DIR), IsADirectoryError, r"bad-input-"),
    raises("save-missing-folder", lambda: nn.save({}, os.path.join(_DIR, "no", "x.pt")),
           FileNotFoundError, r"no"),
    raises("load-path-None", lambda: nn.load(None), TypeError, r"path.*NoneType"),
    raises("load-missing", lambda: nn.load(os.path.join(_DIR, "missing.pt")),
           FileNotFoundError, r"missing.pt"),
    raises("load-directory", lambda: nn.load(_DIR), ValueError, r"bad-input-"),
    raises("load-max_bytes-negative", lambda: nn.load(_saved(), max_bytes=-1), ValueError,
           r"max_bytes.*-1"),
    raises("load-max_depth-str", lambda: nn.load(_saved(), max_depth="a"), TypeError,
           r"max_depth.*str"),
    raises("load-map_location-unknown", lambda: nn.load(_saved(), map_location="gpu"),
           RuntimeError, r"gpu"),
]

FIT = [
    raises("fit-model-None", _fit(model=None), TypeError, r"model.*NoneType"),
    raises("fit-loss_fn-str", _fit(loss_fn="mse"), TypeError, r"loss_fn.*str"),
    raises("fit-optimizer-None", _fit(optimizer=None), TypeError, r"optimizer.*NoneType"),
    raises("fit-epochs-zero", _fit(epochs=0), ValueError, r"epochs.*0"),
    raises("fit-epochs-float", _fit(epochs=2.5), (TypeError, ValueError), r"epochs.*2.5"),
    raises("fit-batch_size-zero", _fit(batch_size=0), ValueError, r"batch_size.*0"),
    raises("fit-train_data-None", _fit(train_data=None), TypeError, r"train_data.*NoneType"),
    raises("fit-train_data-lengths", _fit(train_data=(np.ones((4, 2)), np.ones((3, 1)))),
           ValueError, r"(?i)size mismatch|same first dimension"),
    raises("fit-metric-unknown", _fit(metric="bogus"), ValueError, r"metric.*bogus"),
    raises("fit-scheduler_step", _fit(scheduler_step="bogus"), ValueError,
           r"scheduler_step.*bogus"),
    raises("fit-accumulate_steps-zero", _fit(accumulate_steps=0), ValueError,
           r"accumulate_steps.*0"),
    raises("fit-clip_grad_norm-negative", _fit(clip_grad_norm=-1.0), ValueError,
           r"clip_grad_norm.*-1"),
    raises("fit-callback-int", _fit(callbacks=[5]), TypeError, r"callback.*int"),
    raises("fit-patience-negative", _fit(early_stopping_patience=-1), ValueError,
           r"early_stopping_patience.*-1"),
    raises("evaluate-data-None", lambda: nn.evaluate(nn.Linear(2, 1), nn.MSELoss(), None),
           TypeError, r"data.*NoneType"),
    raises("evaluate-batch_size-zero", lambda: nn.evaluate(
        nn.Linear(2, 1), nn.MSELoss(), (np.ones((4, 2)), np.ones((4, 1))), batch_size=0),
        ValueError, r"batch_size.*0"),
]
