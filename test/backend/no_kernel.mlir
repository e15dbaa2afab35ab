// A module with a device function but no nvvm.kernel: nothing to launch,
// so the back end reports an error.
module {
  llvm.func @helper(%a: i32) -> i32 {
    llvm.return %a : i32
  }
}
