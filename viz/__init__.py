"""viz: computation graphs to Graphviz/SVG, gradient flow, and a backprop stepper."""
