// Subjects: anti-aliased shapes (signed distances in units of the subject's radius) with
// simple Lambert + specular shading and a dark rim that separates them from a background of
// the same colour. The cube and pyramid are small convex solids rendered orthographically
// (so a spinning cube turns about its vertical axis); the ring turns like a coin (an
// ellipse); the star spins in the image plane; the ball's stripes show its spin.
#include <cmath>

#include "world/render.h"

namespace liveframe::sketch::world_detail {

namespace {

struct Vec2 {
  float x = 0.0f;
  float y = 0.0f;
};
struct Vec3 {
  float x = 0.0f;
  float y = 0.0f;
  float z = 0.0f;
};

constexpr Vec3 kLight{-0.50f, 0.65f, 0.57f};  // camera space, unit length: upper left, front
constexpr Vec3 kHalfway{-0.28f, 0.36f, 0.89f};
constexpr float kElevation = 0.42f;  // the solids are seen slightly from above

float dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }

float lambert(Vec3 normal) { return 0.32f + 0.78f * std::max(0.0f, dot(normal, kLight)); }

float specular(Vec3 normal) {
  float h = std::max(0.0f, dot(normal, kHalfway));
  for (int i = 0; i < 5; ++i) h *= h;  // h^32
  return 0.55f * h;
}

// A convex polygon as inward edge planes: inside(p) >= 0 inside, ~ -distance outside.
struct ConvexPolygon {
  std::array<Vec3, 8> edges{};  // (nx, ny, c): nx * x + ny * y - c
  int count = 0;

  float inside(Vec2 p) const {
    float result = 1e9f;
    for (int i = 0; i < count; ++i) {
      const Vec3& e = edges[static_cast<std::size_t>(i)];
      result = std::min(result, e.x * p.x + e.y * p.y - e.z);
    }
    return result;
  }
};

ConvexPolygon makePolygon(const Vec2* points, int count) {
  float area = 0.0f;
  for (int i = 0; i < count; ++i) {
    const Vec2 a = points[i];
    const Vec2 b = points[(i + 1) % count];
    area += a.x * b.y - b.x * a.y;
  }
  const float orientation = area >= 0.0f ? 1.0f : -1.0f;
  ConvexPolygon polygon;
  for (int i = 0; i < count; ++i) {
    const Vec2 a = points[i];
    const Vec2 b = points[(i + 1) % count];
    const float ex = b.x - a.x;
    const float ey = b.y - a.y;
    const float length = std::sqrt(ex * ex + ey * ey);
    if (length < 1e-6f) continue;
    const float nx = -ey / length * orientation;
    const float ny = ex / length * orientation;
    polygon.edges[static_cast<std::size_t>(polygon.count++)] = {nx, ny, nx * a.x + ny * a.y};
  }
  return polygon;
}

// Convex hull (monotone chain) of up to 8 points.
ConvexPolygon hullPolygon(std::array<Vec2, 8> points, int count) {
  std::sort(points.begin(), points.begin() + count,
            [](Vec2 a, Vec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  std::array<Vec2, 16> hull{};
  int size = 0;
  auto cross = [](Vec2 o, Vec2 a, Vec2 b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  };
  for (int i = 0; i < count; ++i) {  // lower chain
    while (size >= 2 && cross(hull[size - 2], hull[size - 1], points[i]) <= 0) --size;
    hull[static_cast<std::size_t>(size++)] = points[static_cast<std::size_t>(i)];
  }
  for (int i = count - 2, lower = size + 1; i >= 0; --i) {  // upper chain
    while (size >= lower && cross(hull[size - 2], hull[size - 1], points[i]) <= 0) --size;
    hull[static_cast<std::size_t>(size++)] = points[static_cast<std::size_t>(i)];
  }
  return makePolygon(hull.data(), std::max(size - 1, 0));
}

struct Solid {
  std::array<ConvexPolygon, 6> faces{};
  std::array<float, 6> shade{};
  int face_count = 0;
  ConvexPolygon hull;
};

Vec3 toCamera(Vec3 v, float yaw) {
  const float c = cosine(yaw), s = sine(yaw);
  const float x = v.x * c + v.z * s;
  const float z = -v.x * s + v.z * c;
  const float ce = cosine(kElevation), se = sine(kElevation);
  return {x, v.y * ce - z * se, v.y * se + z * ce};
}

// Builds the visible faces of a convex solid; faces list vertex indices (-1 ends a face).
template <std::size_t V, std::size_t F>
Solid buildSolid(const std::array<Vec3, V>& vertices,
                 const std::array<std::array<int, 4>, F>& faces, float yaw) {
  std::array<Vec3, V> camera{};
  std::array<Vec2, 8> projected{};
  for (std::size_t i = 0; i < V; ++i) {
    camera[i] = toCamera(vertices[i], yaw);
    projected[i] = {camera[i].x, -camera[i].y};  // screen y grows downward
  }
  Solid solid;
  for (const auto& face : faces) {
    const int n = face[3] < 0 ? 3 : 4;
    const Vec3 a = camera[static_cast<std::size_t>(face[0])];
    const Vec3 b = camera[static_cast<std::size_t>(face[1])];
    const Vec3 c = camera[static_cast<std::size_t>(face[2])];
    Vec3 normal{(b.y - a.y) * (c.z - a.z) - (b.z - a.z) * (c.y - a.y),
                (b.z - a.z) * (c.x - a.x) - (b.x - a.x) * (c.z - a.z),
                (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)};
    const float length = std::sqrt(dot(normal, normal));
    normal = {normal.x / length, normal.y / length, normal.z / length};
    // Orient outward: the solids are centred on the origin.
    if (dot(normal, Vec3{a.x + b.x + c.x, a.y + b.y + c.y, a.z + b.z + c.z}) < 0.0f) {
      normal = {-normal.x, -normal.y, -normal.z};
    }
    if (normal.z <= 0.02f) continue;  // facing away
    std::array<Vec2, 4> polygon{};
    for (int i = 0; i < n; ++i)
      polygon[static_cast<std::size_t>(i)] =
          projected[static_cast<std::size_t>(face[static_cast<std::size_t>(i)])];
    solid.faces[static_cast<std::size_t>(solid.face_count)] = makePolygon(polygon.data(), n);
    solid.shade[static_cast<std::size_t>(solid.face_count++)] = lambert(normal);
  }
  solid.hull = hullPolygon(projected, static_cast<int>(V));
  return solid;
}

Solid cube(float yaw) {
  constexpr float h = 0.62f;
  std::array<Vec3, 8> vertices{};
  for (int i = 0; i < 8; ++i) {
    vertices[static_cast<std::size_t>(i)] = {(i & 1) ? h : -h, (i & 2) ? h : -h, (i & 4) ? h : -h};
  }
  constexpr std::array<std::array<int, 4>, 6> kFaces = {
      {{1, 3, 7, 5}, {0, 4, 6, 2}, {2, 6, 7, 3}, {0, 1, 5, 4}, {4, 5, 7, 6}, {0, 2, 3, 1}}};
  return buildSolid(vertices, kFaces, yaw);
}

Solid pyramid(float yaw) {
  constexpr float b = 0.80f;
  constexpr float base = -0.55f;
  const std::array<Vec3, 5> vertices = {
      {{-b, base, -b}, {b, base, -b}, {b, base, b}, {-b, base, b}, {0.0f, 0.95f, 0.0f}}};
  constexpr std::array<std::array<int, 4>, 5> kFaces = {
      {{0, 1, 2, 3}, {0, 1, 4, -1}, {1, 2, 4, -1}, {2, 3, 4, -1}, {3, 0, 4, -1}}};
  return buildSolid(vertices, kFaces, yaw);
}

struct Sample {
  float distance = 1.0f;   // signed, in radius units (negative inside)
  float shade = 1.0f;      // multiplies the colour
  float highlight = 0.0f;  // adds white
};

Sample solidSample(const Solid& solid, Vec2 p) {
  Sample sample;
  sample.distance = -solid.hull.inside(p);
  float best = -1e9f, second = -1e9f;
  for (int i = 0; i < solid.face_count; ++i) {
    const float inside = solid.faces[static_cast<std::size_t>(i)].inside(p);
    if (inside > best) {
      second = best;
      best = inside;
      sample.shade = solid.shade[static_cast<std::size_t>(i)];
    } else {
      second = std::max(second, inside);
    }
  }
  if (best - second < 0.035f && sample.distance < -0.05f) sample.shade *= 0.8f;  // face edges
  return sample;
}

Sample ballSample(Vec2 p, float spin) {
  Sample sample;
  const float r2 = p.x * p.x + p.y * p.y;
  const float r = std::sqrt(r2);
  sample.distance = r - 1.0f;
  const Vec3 normal{p.x, -p.y, std::sqrt(std::max(0.0f, 1.0f - r2))};
  sample.shade = lambert(normal);
  sample.highlight = specular(normal);
  const float c = cosine(spin), s = sine(spin);
  const float meridian_a = normal.x * c + normal.z * s;
  const float meridian_b = -normal.x * s + normal.z * c;
  if (std::fabs(meridian_a) < 0.12f || std::fabs(meridian_b) < 0.12f) sample.shade *= 0.72f;
  return sample;
}

Sample ringSample(Vec2 p, float spin) {
  constexpr float kMajor = 0.70f;
  constexpr float kMinor = 0.27f;
  const float squeeze = std::max(std::fabs(cosine(spin)), 0.25f);
  const Vec2 q{p.x / squeeze, p.y};
  const float r = std::max(std::sqrt(q.x * q.x + q.y * q.y), 1e-4f);
  Sample sample;
  sample.distance = (std::fabs(r - kMajor) - kMinor) * squeeze;
  const float u = clamp01(std::fabs(r - kMajor) / kMinor) * (r > kMajor ? 1.0f : -1.0f);
  const Vec3 normal{q.x / r * u, -q.y / r * u, std::sqrt(std::max(0.0f, 1.0f - u * u))};
  sample.shade = lambert(normal);
  sample.highlight = specular(normal);
  return sample;
}

// Inigo Quilez's exact 5-pointed star distance (point up, y up), outer radius 1.
float starDistance(Vec2 p, float inner) {
  constexpr Vec2 k1{0.809016994375f, -0.587785252292f};
  constexpr Vec2 k2{-k1.x, k1.y};
  p.x = std::fabs(p.x);
  float d = 2.0f * std::max(k1.x * p.x + k1.y * p.y, 0.0f);
  p = {p.x - d * k1.x, p.y - d * k1.y};
  d = 2.0f * std::max(k2.x * p.x + k2.y * p.y, 0.0f);
  p = {p.x - d * k2.x, p.y - d * k2.y};
  p.x = std::fabs(p.x);
  p.y -= 1.0f;
  const Vec2 ba{inner * -k1.y, inner * k1.x - 1.0f};
  const float h = clamp01((p.x * ba.x + p.y * ba.y) / (ba.x * ba.x + ba.y * ba.y));
  const float dx = p.x - ba.x * h, dy = p.y - ba.y * h;
  const float sign = (p.y * ba.x - p.x * ba.y) > 0.0f ? 1.0f : -1.0f;
  return std::sqrt(dx * dx + dy * dy) * sign;
}

Sample starSample(Vec2 p, float spin) {
  const float c = cosine(spin), s = sine(spin);
  const Vec2 q{p.x * c + p.y * s, -(-p.x * s + p.y * c)};  // rotate, then y up
  Sample sample;
  sample.distance = starDistance(q, 0.48f);
  const float length = std::sqrt(1.0f + 0.36f * (q.x * q.x + q.y * q.y));
  const Vec3 normal{0.6f * q.x / length, 0.6f * q.y / length, 1.0f / length};
  sample.shade = lambert(normal);
  sample.highlight = specular(normal);
  return sample;
}

void drawShadow(const FrameContext& context, const SubjectInstance& subject, Canvas& canvas) {
  const View& view = context.view;
  const float rx = 0.85f * subject.radius * subject.shadow_scale;
  const float ry = 0.22f * subject.radius * subject.shadow_scale;
  const int x0 = std::max(0, static_cast<int>((subject.s - rx - view.s0) / view.pixel) - 1);
  const int x1 =
      std::min(view.width - 1, static_cast<int>((subject.s + rx - view.s0) / view.pixel) + 1);
  const int y0 = std::max(0, static_cast<int>((subject.shadow_t - ry - view.t0) / view.pixel) - 1);
  const int y1 = std::min(view.height - 1,
                          static_cast<int>((subject.shadow_t + ry - view.t0) / view.pixel) + 1);
  for (int py = y0; py <= y1; ++py) {
    const float dy = (view.tAt(py) - subject.shadow_t) / ry;
    for (int px = x0; px <= x1; ++px) {
      const float dx = (view.sAt(px) - subject.s) / rx;
      const float darkness = subject.shadow * bump(std::sqrt(dx * dx + dy * dy));
      canvas.at(px, py) = canvas.at(px, py) * (1.0f - 0.5f * darkness);
    }
  }
}

Sample sampleShape(const SubjectInstance& subject, const Solid& solid, Vec2 p) {
  switch (subject.shape) {
    case Shape::kBall:
      return ballSample(p, subject.spin);
    case Shape::kRing:
      return ringSample(p, subject.spin);
    case Shape::kStar:
      return starSample(p, subject.spin);
    case Shape::kCube:
    case Shape::kPyramid:
      return solidSample(solid, p);
  }
  return {};
}

}  // namespace

Rgb subjectColour(Colour colour) {
  static constexpr std::array<Rgb, 7> kColours = {{{0.92f, 0.10f, 0.10f},
                                                   {1.00f, 0.50f, 0.04f},
                                                   {1.00f, 0.88f, 0.08f},
                                                   {0.10f, 0.78f, 0.18f},
                                                   {0.12f, 0.32f, 1.00f},
                                                   {0.58f, 0.16f, 0.88f},
                                                   {0.96f, 0.96f, 0.96f}}};
  return kColours[static_cast<std::size_t>(colour)];
}

void drawSubject(const FrameContext& context, const SubjectInstance& subject, Canvas& canvas) {
  if (subject.alpha <= 0.0f) return;
  if (subject.shadow > 0.0f) drawShadow(context, subject, canvas);
  const View& view = context.view;
  Solid solid;
  if (subject.shape == Shape::kCube) solid = cube(subject.spin);
  if (subject.shape == Shape::kPyramid) solid = pyramid(subject.spin);
  const float extent = subject.radius * 1.25f * std::max(subject.squash_x, subject.squash_y);
  const int x0 = std::max(0, static_cast<int>((subject.s - extent - view.s0) / view.pixel) - 1);
  const int x1 =
      std::min(view.width - 1, static_cast<int>((subject.s + extent - view.s0) / view.pixel) + 1);
  const int y0 = std::max(0, static_cast<int>((subject.t - extent - view.t0) / view.pixel) - 1);
  const int y1 =
      std::min(view.height - 1, static_cast<int>((subject.t + extent - view.t0) / view.pixel) + 1);
  const float pixel = view.pixel / (subject.radius * std::min(subject.squash_x, subject.squash_y));
  const float rim = std::max(1.3f * pixel, 0.07f);
  const Rgb light = lerp(Rgb{1, 1, 1}, context.tint, 0.25f);
  const Rgb fog = fogColour(context);
  for (int py = y0; py <= y1; ++py) {
    const float ty = (view.tAt(py) - subject.t) / subject.radius;
    const float local_y = 1.0f + (ty - 1.0f) / subject.squash_y;  // squash about the bottom
    for (int px = x0; px <= x1; ++px) {
      const Vec2 p{(view.sAt(px) - subject.s) / subject.radius / subject.squash_x, local_y};
      const float reach = 1.1f + pixel;  // every shape lies within 1.1 radii of its centre
      if (p.x * p.x + p.y * p.y > reach * reach) continue;
      Sample sample = sampleShape(subject, solid, p);
      const float distance = sample.distance * std::min(subject.squash_x, subject.squash_y);
      const float coverage = clamp01(0.5f - distance / pixel);
      if (coverage <= 0.0f) continue;
      const float edge = smoothstep(-rim, -0.3f * rim, distance);
      Rgb colour = (subject.colour * sample.shade + Rgb{1, 1, 1} * sample.highlight) * light;
      colour = colour * (1.0f - 0.7f * edge);
      colour = lerp(colour, fog, 0.3f * context.fog);
      Rgb& target = canvas.at(px, py);
      target = lerp(target, colour, coverage * subject.alpha);
    }
  }
}

}  // namespace liveframe::sketch::world_detail
