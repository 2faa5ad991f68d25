#version 450
// The scale pass: the graded frame onto the display image (fit, fill or 1:1), with a
// letterbox colour outside the picture. Filters fetch texels themselves, so nearest and
// Catmull-Rom give a texel's exact value at its centre.

layout(location = 0) in vec2 v_uv;
layout(location = 0) out vec4 o_color;
layout(set = 0, binding = 0) uniform sampler2D lf_graded;

layout(push_constant) uniform Scale {
  vec4 letterbox;
  vec2 origin;             // display pixel where the picture's top-left corner lies
  vec2 frame_per_display;  // frame pixels per display pixel
  int filter_mode;         // 0 Catmull-Rom, 1 bilinear, 2 nearest
} scale;

vec3 fetch(ivec2 texel, ivec2 size) {
  return texelFetch(lf_graded, clamp(texel, ivec2(0), size - 1), 0).rgb;
}

// Weights of the taps at -1, 0, +1, +2 for a position t in [0, 1) past tap 0.
vec4 catmullRom(float t) {
  float t2 = t * t;
  float t3 = t2 * t;
  return vec4(-0.5 * t3 + t2 - 0.5 * t, 1.5 * t3 - 2.5 * t2 + 1.0,
              -1.5 * t3 + 2.0 * t2 + 0.5 * t, 0.5 * t3 - 0.5 * t2);
}

void main() {
  ivec2 size = textureSize(lf_graded, 0);
  vec2 position = (gl_FragCoord.xy - scale.origin) * scale.frame_per_display;
  if (any(lessThan(position, vec2(0.0))) || any(greaterThanEqual(position, vec2(size)))) {
    o_color = scale.letterbox;
    return;
  }
  if (scale.filter_mode == 2) {
    o_color = vec4(fetch(ivec2(floor(position)), size), 1.0);
    return;
  }
  vec2 from_centre = position - 0.5;
  vec2 base = floor(from_centre);
  vec2 t = from_centre - base;
  ivec2 texel = ivec2(base);
  vec3 color = vec3(0.0);
  if (scale.filter_mode == 1) {
    color = mix(mix(fetch(texel, size), fetch(texel + ivec2(1, 0), size), t.x),
                mix(fetch(texel + ivec2(0, 1), size), fetch(texel + ivec2(1, 1), size), t.x), t.y);
  } else {
    vec4 wx = catmullRom(t.x);
    vec4 wy = catmullRom(t.y);
    for (int j = 0; j < 4; ++j) {
      vec3 row = vec3(0.0);
      for (int i = 0; i < 4; ++i) row += wx[i] * fetch(texel + ivec2(i - 1, j - 1), size);
      color += wy[j] * row;
    }
  }
  o_color = vec4(clamp(color, 0.0, 1.0), 1.0);
}
