//! The `+ - * /` operators between tensors, views, references and scalars.
//!
//! Every combination panics where the matching `try_*` method returns an
//! error, with that error's message. Scalars broadcast like 0-d tensors.

#![forbid(unsafe_code)]

use core::ops::{Add, Div, Mul, Sub};

use crate::element::Element;
use crate::tensor::{Storage, Tensor, TensorBase};

macro_rules! impl_binary_operator {
    ($Trait:ident, $method:ident, $try_method:ident) => {
        /// Applies the operator elementwise with broadcasting, as the
        /// matching `try_*` method does.
        ///
        /// # Panics
        ///
        /// Panics with the [`ShapeError`](crate::ShapeError) message if the
        /// shapes cannot be broadcast together.
        impl<L: Storage, R: Storage<Elem = L::Elem>> $Trait<&TensorBase<R>> for &TensorBase<L> {
            type Output = Tensor<L::Elem>;

            #[track_caller]
            fn $method(self, rhs: &TensorBase<R>) -> Tensor<L::Elem> {
                match self.$try_method(rhs) {
                    Ok(result) => result,
                    Err(error) => panic!("{error}"),
                }
            }
        }

        /// Applies the operator elementwise with broadcasting.
        ///
        /// # Panics
        ///
        /// Panics if the shapes cannot be broadcast together.
        impl<L: Storage, R: Storage<Elem = L::Elem>> $Trait<TensorBase<R>> for TensorBase<L> {
            type Output = Tensor<L::Elem>;

            #[track_caller]
            fn $method(self, rhs: TensorBase<R>) -> Tensor<L::Elem> {
                $Trait::$method(&self, &rhs)
            }
        }

        /// Applies the operator elementwise with broadcasting.
        ///
        /// # Panics
        ///
        /// Panics if the shapes cannot be broadcast together.
        impl<L: Storage, R: Storage<Elem = L::Elem>> $Trait<&TensorBase<R>> for TensorBase<L> {
            type Output = Tensor<L::Elem>;

            #[track_caller]
            fn $method(self, rhs: &TensorBase<R>) -> Tensor<L::Elem> {
                $Trait::$method(&self, rhs)
            }
        }

        /// Applies the operator elementwise with broadcasting.
        ///
        /// # Panics
        ///
        /// Panics if the shapes cannot be broadcast together.
        impl<L: Storage, R: Storage<Elem = L::Elem>> $Trait<TensorBase<R>> for &TensorBase<L> {
            type Output = Tensor<L::Elem>;

            #[track_caller]
            fn $method(self, rhs: TensorBase<R>) -> Tensor<L::Elem> {
                $Trait::$method(self, &rhs)
            }
        }
    };
}

impl_binary_operator!(Add, add, try_add);
impl_binary_operator!(Sub, sub, try_sub);
impl_binary_operator!(Mul, mul, try_mul);
impl_binary_operator!(Div, div, try_div);

macro_rules! impl_scalar_operator {
    ($Trait:ident, $method:ident, $elem_method:ident; $($scalar:ty),*) => {
        /// Applies the operator between every element and the scalar.
        ///
        /// The scalar's type is the element type, so `&a * 2.0` infers
        /// the literal's type from `a`.
        impl<T: Element, S: Storage<Elem = T>> $Trait<T> for &TensorBase<S> {
            type Output = Tensor<T>;

            fn $method(self, rhs: T) -> Tensor<T> {
                self.map(|x| x.$elem_method(rhs))
            }
        }

        /// Applies the operator between every element and the scalar.
        impl<T: Element, S: Storage<Elem = T>> $Trait<T> for TensorBase<S> {
            type Output = Tensor<T>;

            fn $method(self, rhs: T) -> Tensor<T> {
                $Trait::$method(&self, rhs)
            }
        }
    $(
        /// Applies the operator between the scalar and every element.
        impl<S: Storage<Elem = $scalar>> $Trait<&TensorBase<S>> for $scalar {
            type Output = Tensor<$scalar>;

            fn $method(self, rhs: &TensorBase<S>) -> Tensor<$scalar> {
                rhs.map(|x| self.$elem_method(x))
            }
        }

        /// Applies the operator between the scalar and every element.
        impl<S: Storage<Elem = $scalar>> $Trait<TensorBase<S>> for $scalar {
            type Output = Tensor<$scalar>;

            fn $method(self, rhs: TensorBase<S>) -> Tensor<$scalar> {
                $Trait::$method(self, &rhs)
            }
        }
    )*};
}

impl_scalar_operator!(Add, add, elem_add; f32, f64, i32, i64, u8);
impl_scalar_operator!(Sub, sub, elem_sub; f32, f64, i32, i64, u8);
impl_scalar_operator!(Mul, mul, elem_mul; f32, f64, i32, i64, u8);
impl_scalar_operator!(Div, div, elem_div; f32, f64, i32, i64, u8);

#[cfg(test)]
mod tests {
    use crate::tensor;

    #[test]
    fn add_broadcasts_column_with_row() {
        let column = tensor![[1], [2], [3]];
        let row = tensor![[10, 20, 30, 40]];
        let sum = &column + &row;
        assert_eq!(sum.shape(), &[3, 4]);
        assert_eq!(
            sum.to_vec(),
            vec![11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43]
        );
    }

    #[test]
    fn scalar_on_either_side() {
        let a = tensor![1.0f64, 2.0];
        assert_eq!((&a * 3.0).to_vec(), vec![3.0, 6.0]);
        assert_eq!((1.0 - &a).to_vec(), vec![0.0, -1.0]);
        assert_eq!((8.0 / a.view()).to_vec(), vec![8.0, 4.0]);
    }

    #[test]
    fn operators_accept_owned_and_views() {
        let a = tensor![[1, 2], [3, 4]];
        let b = tensor![[10, 20], [30, 40]];
        assert_eq!((a.t() + b.view()).to_vec(), vec![11, 23, 32, 44]);
        assert_eq!((a.clone() - &b).to_vec(), vec![-9, -18, -27, -36]);
        assert_eq!((&a * b.clone()).to_vec(), vec![10, 40, 90, 160]);
    }

    #[test]
    #[should_panic(expected = "cannot broadcast (2,) with (3,): axis -1 has lengths 2 and 3")]
    fn add_panics_with_shape_error_message() {
        let _ = tensor![1, 2] + tensor![1, 2, 3];
    }
}
