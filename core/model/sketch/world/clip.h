// Training clips from the sketch world: a random scene, its caption, and now and then a
// mid-clip caption change (a natural transition) or a held camera action. Everything is
// derived from one seed with Rng, so a clip is the same on every machine.
// Thread-safety: the functions may run concurrently (each clip renders with its own World),
// so a data loader can generate clips on several threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "world/attributes.h"
#include "world/caption.h"
#include "world/rng.h"
#include "world/world.h"

namespace liveframe::sketch {

// A random scene: every sky/scenery equally likely; weather clear 40%, else rain/snow/fog;
// 0/1/2 subjects 20/50/30%; camera static 55%, else one of the four moves.
Scene randomScene(Rng& rng);

// The scene a prompt asks for: what the prompt specifies, and random picks (as
// randomScene) for whatever it leaves out, including a named subject's missing colour,
// shape or motion. At most kMaxSubjects subjects; "no objects" gives none.
Scene sceneFromPrompt(const ParsedPrompt& prompt, Rng& rng);

// From `frame` on the clip's caption is `caption` and the world fades to `scene` over
// `transition_frames` frames (12..36).
struct SceneChange {
  int frame = 0;
  int transition_frames = 0;
  Scene scene;
  std::string caption;
};

// kAction* bits held for frames [first_frame, first_frame + frame_count).
struct ActionSegment {
  int first_frame = 0;
  int frame_count = 0;
  unsigned actions = 0;
};

struct ClipSpec {
  std::uint64_t seed = 0;
  int frames = 48;
  int width = 256;
  int height = 256;
  Scene initial_scene;
  std::string initial_caption;
  std::vector<SceneChange> changes;    // increasing frames; ~50% of clips have 1-2
  std::vector<ActionSegment> actions;  // disjoint, increasing; ~30% of clips have 1-2
};

// Plans a clip: the scene, the caption and the changes. Changes alter one or two
// attributes (time of day, weather, a subject's colour, a subject appearing/leaving, rarely
// the scenery).
ClipSpec planClip(std::uint64_t seed, int frames, int width, int height);

struct Clip {
  int width = 0;
  int height = 0;
  int frame_count = 0;
  std::vector<std::uint8_t> pixels;   // frame_count RGB8 frames, one after another
  std::vector<FrameLabels> labels;    // per frame
  std::vector<std::string> captions;  // per frame: the caption in force
  std::vector<unsigned> actions;      // per frame: the kAction* bits held
  const std::uint8_t* frame(int index) const {
    return pixels.data() + static_cast<std::size_t>(index) * static_cast<std::size_t>(width) *
                               static_cast<std::size_t>(height) * 3;
  }
};

// Renders a plan. Frame i is rendered after the scene changes scheduled at i were applied
// (they show from frame i + 1 on, complete at i + transition_frames); actions[i] is held
// from frame i into frame i + 1 (a causal model sees action i, predicts frame i + 1), and
// labels[i].camera is the motion from frame i - 1 into frame i.
Clip renderClip(const ClipSpec& spec);

// planClip + renderClip.
Clip generateClip(std::uint64_t seed, int frames, int width, int height);

}  // namespace liveframe::sketch
