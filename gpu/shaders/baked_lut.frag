#version 450
// The colour pass of a baked program: the display/view transform sampled from a lattice the
// CPU filled, trilinear between lattice points. The lattice is spaced evenly in sqrt(value)
// (see baked_lut.cpp), so the frame's value goes through sqrt before the lookup.

layout(location = 0) in vec2 v_uv;
layout(location = 0) out vec4 o_color;
layout(set = 0, binding = 0) uniform sampler2D lf_frame;
layout(set = 0, binding = 1) uniform sampler3D lf_lut;

void main() {
  vec3 shaped = sqrt(clamp(texelFetch(lf_frame, ivec2(gl_FragCoord.xy), 0).rgb, 0.0, 1.0));
  vec3 edge = vec3(textureSize(lf_lut, 0));
  // Lattice point i sits at texel centre (i + 0.5) / edge.
  o_color = vec4(texture(lf_lut, (shaped * (edge - 1.0) + 0.5) / edge).rgb, 1.0);
}
