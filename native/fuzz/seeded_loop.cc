// Where libFuzzer is not installed: a driver for the same fuzz targets that
// feeds seeded random inputs and mutations of inputs seen before, for the
// number of seconds given. Built by scripts/sanitize.mjs with g++'s sanitizers.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 10;
  const unsigned seed = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : std::random_device{}();
  std::printf("seeded loop: seed %u, %.0f s\n", seed, seconds);
  std::mt19937 generator(seed);
  std::vector<std::vector<std::uint8_t>> pool;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  unsigned long runs = 0;
  while (std::chrono::steady_clock::now() < end) {
    std::vector<std::uint8_t> input;
    if (!pool.empty() && generator() % 2 == 0) {
      input = pool[generator() % pool.size()];
      const unsigned edits = 1 + generator() % 8;
      for (unsigned k = 0; k < edits; ++k) {
        switch (generator() % 3) {
          case 0: if (!input.empty()) input[generator() % input.size()] = static_cast<std::uint8_t>(generator()); break;
          case 1: input.insert(input.begin() + (input.empty() ? 0 : generator() % input.size()), static_cast<std::uint8_t>(generator())); break;
          default: if (!input.empty()) input.erase(input.begin() + generator() % input.size()); break;
        }
      }
    } else {
      input.resize(generator() % 600);
      for (auto& byte : input) byte = static_cast<std::uint8_t>(generator() % 4 == 0 ? "\0-=ahn"[generator() % 6] : generator());
    }
    LLVMFuzzerTestOneInput(input.data(), input.size());
    if (pool.size() < 256) pool.push_back(input); else pool[generator() % pool.size()] = input;
    ++runs;
  }
  std::printf("seeded loop: %lu runs, no finding\n", runs);
  return 0;
}
