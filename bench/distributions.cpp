// Thin wrappers over Boost.Math, plus the normal range distribution by quadrature.
#include "bench/distributions.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace crbench {

namespace bm = boost::math;

double normal_quantile(double p) { return bm::quantile(bm::normal_distribution<double>(), p); }

double normal_two_sided_p(double z) {
  return 2.0 * bm::cdf(bm::complement(bm::normal_distribution<double>(), std::fabs(z)));
}

double student_t_quantile(double p, double dof) {
  return bm::quantile(bm::students_t_distribution<double>(dof), p);
}

double student_t_two_sided_p(double t, double dof) {
  return 2.0 * bm::cdf(bm::complement(bm::students_t_distribution<double>(dof), std::fabs(t)));
}

double chi_squared_upper_tail(double x, double dof) {
  if (x <= 0.0) return 1.0;
  return bm::cdf(bm::complement(bm::chi_squared_distribution<double>(dof), x));
}

double fisher_f_upper_tail(double x, double dof1, double dof2) {
  if (x <= 0.0) return 1.0;
  return bm::cdf(bm::complement(bm::fisher_f_distribution<double>(dof1, dof2), x));
}

double fisher_f_quantile(double p, double dof1, double dof2) {
  return bm::quantile(bm::fisher_f_distribution<double>(dof1, dof2), p);
}

double normal_range_cdf(double q, std::size_t k) {
  if (k < 2) throw std::invalid_argument("normal_range_cdf: k must be at least 2");
  if (q <= 0.0) return 0.0;
  const bm::normal_distribution<double> normal;
  const double power = static_cast<double>(k - 1);
  auto integrand = [&](double z) {
    const double inside = bm::cdf(normal, z) - bm::cdf(normal, z - q);
    return bm::pdf(normal, z) * std::pow(inside, power);
  };
  // phi(z) < 1e-22 outside [-10, 10 + q]: the tails add nothing a double can hold.
  // The integrand is smooth (analytic), so a 20-point Gauss-Legendre rule per
  // panel of width <= 0.5 is exact to rounding; adaptive quadrature chasing a
  // relative tolerance near machine precision was 100x slower for nothing.
  const double a = -10.0, b = 10.0 + q;
  const int panels = static_cast<int>(std::ceil((b - a) / 0.5));
  const double width = (b - a) / panels;
  double integral = 0.0;
  for (int i = 0; i < panels; ++i)
    integral +=
        bm::quadrature::gauss<double, 20>::integrate(integrand, a + i * width, a + (i + 1) * width);
  return std::min(1.0, static_cast<double>(k) * integral);
}

double nemenyi_q(double alpha, std::size_t k) {
  if (k < 2) throw std::invalid_argument("nemenyi_q: k must be at least 2");
  if (!(alpha > 0.0 && alpha < 1.0))
    throw std::invalid_argument("nemenyi_q: alpha must be in (0, 1), got " + std::to_string(alpha));
  // The range's cdf rises from 0 at q = 0 to 1; its (1 - alpha)-quantile for any
  // k a leaderboard can have lies below 40.
  auto excess = [&](double q) { return normal_range_cdf(q, k) - (1.0 - alpha); };
  std::uintmax_t iterations = 200;
  const auto bracket = bm::tools::toms748_solve(excess, 1e-9, 40.0,
                                                bm::tools::eps_tolerance<double>(40), iterations);
  return 0.5 * (bracket.first + bracket.second) / std::sqrt(2.0);
}

}  // namespace crbench
