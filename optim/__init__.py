"""optim: the Optimizer base, optimizers, learning-rate schedulers and the LR range test."""
