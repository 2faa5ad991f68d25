#version 450
// The colour pass without a program: the frame as it is.

layout(location = 0) in vec2 v_uv;
layout(location = 0) out vec4 o_color;
layout(set = 0, binding = 0) uniform sampler2D lf_frame;

void main() {
  o_color = vec4(texelFetch(lf_frame, ivec2(gl_FragCoord.xy), 0).rgb, 1.0);
}
