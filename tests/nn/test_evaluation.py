"""`nn.evaluate` and `accuracy`: the mean loss and metric over data, in eval mode, without a
graph."""
import numpy as np
import pytest

import nn
from autograd import Tensor, manual_seed
from nn.evaluation import accuracy, evaluate


def test_accuracy_for_classes_logits_and_probabilities():
    scores = Tensor(np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]]))
    assert accuracy(scores, np.array([0, 1, 1])) == pytest.approx(2 / 3)
    assert accuracy(Tensor(np.array([[-1.0], [2.0]])), np.array([[0.0], [1.0]])) == 1.0
    assert accuracy(Tensor(np.array([0.4, 0.6])), np.array([0.0, 1.0]), threshold=0.5) == 1.0


def test_evaluate_averages_over_samples_in_eval_mode_and_restores_the_mode():
    manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 1), nn.Dropout(0.5))
    X = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    y = np.zeros((5, 1), dtype=np.float32)
    loss, metric = evaluate(model, nn.MSELoss(), (X, y), batch_size=2)
    model.eval()
    expected = float(((model(Tensor(X)).numpy(force=True) - y) ** 2).mean())
    model.train()
    assert loss == pytest.approx(expected, rel=1e-6)
    assert metric is None and model.training


def test_evaluate_refuses_data_without_batches():
    with pytest.raises(ValueError, match="evaluate: the data yielded no batches"):
        evaluate(nn.Linear(3, 1), nn.MSELoss(), [])
