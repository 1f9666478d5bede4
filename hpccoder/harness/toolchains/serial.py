from hpccoder.harness.toolchains.base import Toolchain


class Serial(Toolchain):
    name = "serial"
    ref_file = "serial.cpp"


TOOLCHAIN = Serial()
