"""Flowcharts declared as data: model, Word table layout, SVG and text version."""
