#include "engine/events.h"

#include <nlohmann/json.hpp>

namespace liveframe {
namespace {

using nlohmann::json;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

Event make(const char* type, const json& payload) {
  Event event;
  event.type = type;
  event.payload_json = payload.dump();
  return event;
}

}  // namespace

Event eventFromCommand(const Command& command) {
  return std::visit(Overloaded{
                        [](const command::SetPrompt& c) {
                          return make("prompt", {{"text", c.text}});
                        },
                        [](const command::SetBlend& c) {
                          json prompts = json::array();
                          for (const auto& [text, weight] : c.prompts) {
                            prompts.push_back({{"text", text}, {"weight", weight}});
                          }
                          return make("blend", {{"prompts", prompts}});
                        },
                        [](const command::SetTransition& c) {
                          return make("transition", {{"frames", c.frames}});
                        },
                        [](const command::Pause&) { return make("pause", json::object()); },
                        [](const command::Resume&) { return make("resume", json::object()); },
                        [](const command::Reset& c) {
                          return make("reset", {{"seed", c.seed}});
                        },
                        [](const command::SetActions& c) {
                          return make("actions", {{"actions", c.actions}});
                        },
                        [](const command::Mark& c) {
                          return make("marker", {{"label", c.label}});
                        },
                        [](const command::Shutdown&) { return make("shutdown", json::object()); },
                    },
                    command);
}

Result<EventFields> decodeEvent(const Event& event) {
  EventFields fields;
  try {
    const json payload = json::parse(event.payload_json);
    if (event.type == "prompt") {
      fields.prompts.emplace_back(payload.at("text").get<std::string>(), 1.0f);
    } else if (event.type == "blend") {
      for (const auto& prompt : payload.at("prompts")) {
        fields.prompts.emplace_back(prompt.at("text").get<std::string>(),
                                    prompt.at("weight").get<float>());
      }
    } else if (event.type == "transition") {
      fields.transition_frames = payload.at("frames").get<int>();
    } else if (event.type == "reset") {
      fields.seed = payload.at("seed").get<std::uint64_t>();
    } else if (event.type == "actions") {
      fields.actions = payload.at("actions").get<unsigned>();
    } else if (event.type == "marker") {
      fields.label = payload.value("label", "");
    }
  } catch (const json::exception& e) {
    return Error{"event " + std::to_string(event.id) + " (" + event.type +
                 "): bad payload: " + e.what()};
  }
  return fields;
}

}  // namespace liveframe
