"""nn: modules, layers, losses, init, functional, data, the training loop and save/load."""
